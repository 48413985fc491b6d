using System.Globalization;
using System.Text;

namespace Synapse.Templates.Runtime;

/// <summary>Python's datetime.strftime (C locale, glibc): the directives templates use, plus glibc's %-d style no-padding flag.</summary>
internal static class Strftime
{
    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    private static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static string Format(DateTime time, string format)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                builder.Append(format[i]);
                continue;
            }

            var noPad = false;
            var directive = format[++i];
            if (directive == '-' && i + 1 < format.Length)
            {
                noPad = true;
                directive = format[++i];
            }

            string Number(int value, int width) =>
                noPad ? value.ToString(CultureInfo.InvariantCulture) : value.ToString(new string('0', width), CultureInfo.InvariantCulture);

            var hour12 = time.Hour % 12 == 0 ? 12 : time.Hour % 12;
            builder.Append(directive switch
            {
                'a' => Days[(int)time.DayOfWeek][..3],
                'A' => Days[(int)time.DayOfWeek],
                'b' or 'h' => Months[time.Month - 1][..3],
                'B' => Months[time.Month - 1],
                'd' => Number(time.Day, 2),
                'e' => noPad ? time.Day.ToString(CultureInfo.InvariantCulture) : time.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2),
                'm' => Number(time.Month, 2),
                'y' => Number(time.Year % 100, 2),
                'Y' => time.Year.ToString(CultureInfo.InvariantCulture),
                'H' => Number(time.Hour, 2),
                'I' => Number(hour12, 2),
                'M' => Number(time.Minute, 2),
                'S' => Number(time.Second, 2),
                'f' => (time.Ticks % TimeSpan.TicksPerSecond / 10).ToString("000000", CultureInfo.InvariantCulture),
                'p' => time.Hour < 12 ? "AM" : "PM",
                'j' => Number(time.DayOfYear, 3),
                'w' => ((int)time.DayOfWeek).ToString(CultureInfo.InvariantCulture),
                'u' => (time.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)time.DayOfWeek).ToString(CultureInfo.InvariantCulture),
                'D' => Format(time, "%m/%d/%y"),
                'F' => Format(time, "%Y-%m-%d"),
                'T' => Format(time, "%H:%M:%S"),
                'R' => Format(time, "%H:%M"),
                'c' => Format(time, "%a %b %e %H:%M:%S %Y"),
                'x' => Format(time, "%m/%d/%y"),
                'X' => Format(time, "%H:%M:%S"),
                'z' or 'Z' => string.Empty,
                '%' => "%",
                'n' => "\n",
                't' => "\t",
                _ => "%" + (noPad ? "-" : string.Empty) + directive,
            });
        }

        return builder.ToString();
    }
}
