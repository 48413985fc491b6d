using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Synapse.Cli.Conversion;

/// <summary>Asks the kernel to drop a file's cached pages (posix_fadvise DONTNEED), for cold-read measurements.</summary>
internal static partial class PageCache
{
    private const int PosixFadvDontNeed = 4;

    /// <summary>Evicts the files' clean pages from the page cache; false where the platform cannot.</summary>
    public static bool TryEvict(IEnumerable<string> paths)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var all = true;
        foreach (var path in paths)
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            // Dirty pages (a file just written) are not dropped; write them out first.
            RandomAccess.FlushToDisk(handle);
            all &= PosixFadvise((int)handle.DangerousGetHandle(), 0, 0, PosixFadvDontNeed) == 0;
        }

        return all;
    }

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int PosixFadvise(int fd, long offset, long length, int advice);
}
