using LLama.Native;

namespace Synapse.Cli.Native;

/// <summary>
/// Keeps llama.cpp's per-tensor progress log off the terminal during commands that only use its tools (the
/// quantizer): warnings and errors still reach the writer. llama.cpp's log hook is process-wide, hence static.
/// </summary>
internal static class QuietNativeLog
{
    private static readonly Lock Gate = new();
    private static TextWriter _writer = TextWriter.Null;
    private static LLamaLogLevel _lastLevel = LLamaLogLevel.Info;

    // A field, so the delegate handed to native code is never collected.
    private static readonly NativeLogConfig.LLamaLogCallback Callback = OnLog;

    public static void Install(TextWriter writer)
    {
        lock (Gate)
        {
            _writer = writer;
            try
            {
                if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
                {
                    NativeLibraryConfig.All.WithLogCallback(Callback);
                }
            }
            catch (InvalidOperationException)
            {
                // Something else loaded the library in between; llama_log_set below still routes the log here.
            }

            NativeApi.llama_empty_call();
            NativeLogConfig.llama_log_set(Callback);
        }
    }

    private static void OnLog(LLamaLogLevel level, string message)
    {
        lock (Gate)
        {
            if (level == LLamaLogLevel.Continue)
            {
                level = _lastLevel;
            }

            _lastLevel = level;
            if (level is LLamaLogLevel.Warning or LLamaLogLevel.Error)
            {
                _writer.Write(message);
            }
        }
    }
}
