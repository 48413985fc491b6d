using System.Diagnostics;
using System.Text;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace Synapse.Engine.Native;

/// <summary>
/// Loads llama.cpp once per process and routes its log to <see cref="ILogger"/>. This is static because the native
/// library and its log callback are process-wide; the logger is the one of the engine that loaded last.
/// </summary>
internal static class NativeRuntime
{
    private const string LogCategory = "Synapse.Engine.LlamaCpp";
    private static readonly Lock InitLock = new();
    private static volatile ILogger? _logger;
    private static bool _initialized;
    private static string _variant = "unknown";
    private static string? _libraryPath;

    // Kept in a field so the delegate handed to native code is never collected.
    private static readonly NativeLogConfig.LLamaLogCallback Callback = OnNativeLog;

    [ThreadStatic] private static StringBuilder? _pending;
    [ThreadStatic] private static LLamaLogLevel _pendingLevel;
    [ThreadStatic] private static bool _skipping;

    /// <summary>Which CPU build was loaded: avx512, avx2, avx, noavx (or cuda/vulkan builds if present).</summary>
    public static string Variant => _variant;

    /// <summary>The loaded llama.cpp library's file, when the process's module list names it.</summary>
    public static string? LibraryPath => _libraryPath;

    public static void Initialize(ILoggerFactory? loggerFactory)
    {
        if (loggerFactory is not null)
        {
            _logger = loggerFactory.CreateLogger(LogCategory);
        }

        lock (InitLock)
        {
            if (_initialized)
            {
                return;
            }

            if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
            {
                // Must be set before the first native call; LLamaSharp reports which library it picks through it.
                NativeLibraryConfig.All.WithLogCallback(Callback);
            }

            // Installs LLamaSharp's native library resolver and loads the library; nothing native works before it.
            NativeApi.llama_empty_call();
            NativeLogConfig.llama_log_set(Callback);
            _variant = DetectVariant();
            _initialized = true;
        }
    }

    private static string DetectVariant()
    {
        string? path = null;
        try
        {
            foreach (ProcessModule module in Process.GetCurrentProcess().Modules)
            {
                var name = module.ModuleName;
                if (name is "libllama.so" or "llama.dll" or "libllama.dylib")
                {
                    path = module.FileName;
                    _libraryPath = path;
                    break;
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            // Module listing is best effort; the metadata below still names the variant.
        }

        var fromFolder = path is null ? null : System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(path));
        if (fromFolder is "avx512" or "avx2" or "avx" or "noavx")
        {
            return fromFolder;
        }

        var loaded = NativeApi.GetLoadedNativeLibrary(NativeLibraryName.LLama);
        if (loaded?.Metadata is { } meta)
        {
            var variant = meta.UseCuda ? "cuda" : meta.UseVulkan ? "vulkan" : meta.AvxLevel switch
            {
                AvxLevel.Avx512 => "avx512",
                AvxLevel.Avx2 => "avx2",
                AvxLevel.Avx => "avx",
                _ => "noavx",
            };
            return variant;
        }

        // A single-variant runtime folder (e.g. arm64) has no AVX level to report.
        return fromFolder ?? "default";
    }

    private static void OnNativeLog(LLamaLogLevel level, string message)
    {
        var logger = _logger;
        // Cheap when nobody listens: no buffering or strings unless Debug is on (errors are always kept).
        if (logger is null || (!logger.IsEnabled(LogLevel.Debug) && !logger.IsEnabled(LogLevel.Error)))
        {
            return;
        }

        if (level != LLamaLogLevel.Continue)
        {
            _skipping = level != LLamaLogLevel.Error && !logger.IsEnabled(LogLevel.Debug);
        }

        if (_skipping)
        {
            return;
        }

        // llama.cpp writes a line in pieces ("Continue" carries on the previous level) and ends it with '\n'.
        var pending = _pending ??= new StringBuilder();
        if (level != LLamaLogLevel.Continue)
        {
            if (pending.Length > 0)
            {
                Write(logger, _pendingLevel, pending.ToString());
                pending.Clear();
            }

            _pendingLevel = level;
        }

        if (message.EndsWith('\n'))
        {
            pending.Append(message.AsSpan(0, message.Length - 1));
            Write(logger, _pendingLevel, pending.ToString());
            pending.Clear();
        }
        else
        {
            pending.Append(message);
        }
    }

    private static void Write(ILogger logger, LLamaLogLevel level, string line)
    {
        var mapped = level == LLamaLogLevel.Error ? LogLevel.Error : LogLevel.Debug;
        if (line.Length > 0 && logger.IsEnabled(mapped))
        {
            logger.Log(mapped, "{NativeMessage}", line);
        }
    }
}
