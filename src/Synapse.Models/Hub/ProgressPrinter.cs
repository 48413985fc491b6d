using System.Globalization;
using Synapse.Models.Conversion;

namespace Synapse.Models.Hub;

/// <summary>
/// Shows downloads and conversions: on a terminal one bar redrawn in place, otherwise (a log, a pipe) one line per file
/// or step every <see cref="LineInterval"/>, so a log is neither flooded nor silent for minutes.
/// </summary>
public sealed class ProgressPrinter(TextWriter writer, bool interactive) : IProgress<DownloadProgress>, IProgress<ConversionProgress>
{
    private const int BarWidth = 30;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _lastLine = new(StringComparer.Ordinal);
    private bool _barOpen;

    public TimeSpan LineInterval { get; init; } = TimeSpan.FromSeconds(5);

    public void Report(DownloadProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var percent = value.TotalBytes is > 0 ? (double)value.BytesDone / value.TotalBytes.Value : (double?)null;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{value.File}: {Mib(value.BytesDone)}{(value.TotalBytes is { } total ? " / " + Mib(total) : "")}");
        Show("download " + value.RepoId + "/" + value.File, text, percent, value.Completed);
    }

    public void Report(ConversionProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (text, percent) = value.Step switch
        {
            ConversionStep.Converting => (string.Create(CultureInfo.InvariantCulture, $"converting: tensor {value.TensorIndex}/{value.TensorCount}"),
                value.BytesTotal > 0 ? (double)value.BytesDone / value.BytesTotal : (double?)null),
            ConversionStep.Quantizing => ("quantizing with llama.cpp", null),
            ConversionStep.Planning => ("reading the model", null),
            _ => ("converted", 1.0),
        };
        Show("convert " + value.Step, text, percent, value.Step == ConversionStep.Done);
    }

    private void Show(string key, string text, double? fraction, bool completed)
    {
        lock (_gate)
        {
            if (interactive)
            {
                var bar = fraction is { } f
                    ? "[" + new string('#', (int)(Math.Clamp(f, 0, 1) * BarWidth)).PadRight(BarWidth) + "] " + (f * 100).ToString("F0", CultureInfo.InvariantCulture) + "% "
                    : "";
                writer.Write("\r" + (bar + text).PadRight(79));
                _barOpen = !completed;
                if (completed)
                {
                    writer.WriteLine();
                }

                return;
            }

            var now = Environment.TickCount64;
            var first = !_lastLine.TryGetValue(key, out var last);
            if (completed || first || now - last >= (long)LineInterval.TotalMilliseconds)
            {
                _lastLine[key] = now;
                var percent = fraction is { } p ? " (" + (p * 100).ToString("F0", CultureInfo.InvariantCulture) + "%)" : "";
                writer.WriteLine((completed ? "done " : "") + text + percent);
            }
        }
    }

    /// <summary>Ends a bar left open (an error interrupted it), so the next message starts on its own line.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_barOpen)
            {
                writer.WriteLine();
                _barOpen = false;
            }
        }
    }

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture) + " MiB";
}
