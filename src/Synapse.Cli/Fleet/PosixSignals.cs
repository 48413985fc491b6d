using System.Runtime.InteropServices;

namespace Synapse.Cli.Fleet;

/// <summary>SIGTERM for a child: .NET's Process.Kill sends SIGKILL, which gives a node no chance to drain.</summary>
internal static partial class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>False on Windows (no SIGTERM) or when the process is gone.</summary>
    public static bool TryTerminate(int processId) =>
        !OperatingSystem.IsWindows() && Kill(processId, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
