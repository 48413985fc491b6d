using System.Diagnostics;

namespace Synapse.Cli.Conversion;

/// <summary>The baseline of the conversion benchmark: reading the same files front to back, nothing else.</summary>
internal static class SequentialRead
{
    /// <summary>Reads every file in 4 MiB blocks; returns the bytes read and the time taken.</summary>
    public static (long Bytes, TimeSpan Elapsed) Measure(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var buffer = new byte[4 << 20];
        long bytes = 0;
        var watch = Stopwatch.StartNew();
        foreach (var path in paths)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            int n;
            while ((n = stream.Read(buffer)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bytes += n;
            }
        }

        return (bytes, watch.Elapsed);
    }
}
