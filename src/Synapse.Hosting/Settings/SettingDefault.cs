using System.Globalization;

namespace Synapse.Hosting.Settings;

/// <summary>
/// A settings-table row's Default text, written from the options class's default rather than repeated as a literal,
/// so the documentation cannot drift from what the program does.
/// </summary>
public static class SettingDefault
{
    public static string Of(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(double value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(bool value) => value ? "true" : "false";

    /// <summary>Whole or fractional seconds, as the *_SECONDS settings take them.</summary>
    public static string Of(TimeSpan value) => Of(value.TotalSeconds);
}
