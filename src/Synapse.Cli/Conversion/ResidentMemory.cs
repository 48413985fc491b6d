using System.Diagnostics;
using System.Globalization;

namespace Synapse.Cli.Conversion;

/// <summary>The process's resident memory from /proc/self/status (Linux), or the working set elsewhere.</summary>
internal static class ResidentMemory
{
    /// <summary>Current resident set size in bytes.</summary>
    public static long Current() => ReadStatus("VmRSS:") ?? Environment.WorkingSet;

    /// <summary>
    /// Resident anonymous memory (heap, buffers) in bytes, without file-backed mapped pages, which the kernel can drop
    /// at will; null where /proc does not say.
    /// </summary>
    public static long? CurrentAnonymous() => ReadStatus("RssAnon:");

    /// <summary>Peak resident set size of the process so far (VmHWM), in bytes.</summary>
    public static long Peak()
    {
        if (ReadStatus("VmHWM:") is { } peak)
        {
            return peak;
        }

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    private static long? ReadStatus(string field)
    {
        const string path = "/proc/self/status";
        if (!OperatingSystem.IsLinux() || !File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kb = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }
}
