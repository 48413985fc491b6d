using System.Text;
using Synapse.Cli.Fleet;

namespace Synapse.EndToEnd.Infrastructure;

/// <summary>
/// One real <c>synapse</c> process (<c>dotnet synapse.dll ...</c> from the CLI's build output), started the way
/// <c>synapse up</c> starts its children, with its output kept for failure messages.
/// </summary>
public sealed class SynapseProcess : IAsyncDisposable
{
    private readonly ChildProcess _child;
    private readonly StringBuilder _log;

    private SynapseProcess(ChildProcess child, StringBuilder log)
    {
        _child = child;
        _log = log;
    }

    // Every process started here inherits it: nodes keep their response store in a folder of this test run's, never the
    // default ~/.local/share/synapse, which every test run on the machine (two clones at once) and the user's own nodes
    // would share. A SYNAPSE_DATA_DIR the run was given stays.
    private static readonly Lazy<string> DataDirectory = new(() =>
    {
        if (Environment.GetEnvironmentVariable("SYNAPSE_DATA_DIR") is { Length: > 0 } given)
        {
            return given;
        }

        var own = Directory.CreateTempSubdirectory("synapse-e2e-data-").FullName;
        Environment.SetEnvironmentVariable("SYNAPSE_DATA_DIR", own);
        return own;
    });

    public static SelfLauncher Launcher { get; } = SelfLauncher.ForDll(FindSynapseDll());

    public string Name => _child.Name;

    public Task<int> Exited => _child.Exited;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static SynapseProcess Start(string name, IEnumerable<string> arguments) => Start(name, arguments, ChildProcess.DefaultStopMode);

    /// <summary>Started with <paramref name="stopMode"/>: <see cref="ChildStopMode.StandardInput"/> is how <c>synapse up</c> stops it on Windows.</summary>
    public static SynapseProcess Start(string name, IEnumerable<string> arguments, ChildStopMode stopMode)
    {
        _ = DataDirectory.Value;
        var log = new StringBuilder();
        return new SynapseProcess(ChildProcess.Start(name, Launcher, arguments, new PrefixedLog(Writer(log)), stopMode), log);
    }

    /// <summary>A writer into <paramref name="log"/> that other threads may read while it is written.</summary>
    public static TextWriter Writer(StringBuilder log) => new LockedWriter(log);

    /// <summary>SIGKILL: the process dies at once, as a crashed or unplugged node does.</summary>
    public async Task KillAsync()
    {
        _child.Kill();
        await _child.Exited.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM (or the stop line, for a process started with the standard-input channel), as an operator or <c>synapse up</c> stops it.</summary>
    public Task<int> StopAsync() => _child.StopAsync(TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        if (!_child.Exited.IsCompleted)
        {
            _child.Kill();
            await _child.Exited.WaitAsync(TimeSpan.FromSeconds(30));
        }

        _child.Dispose();
    }

    /// <summary>The CLI's own build output next to this project's (same configuration), so its deps and runtimeconfig are there.</summary>
    private static string FindSynapseDll()
    {
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = baseDirectory.Name;
        var configuration = baseDirectory.Parent!.Name;
        var path = Path.Combine(Synapse.Testing.Fixtures.RepositoryRoot, "src", "Synapse.Cli", "bin", configuration, framework, "synapse.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"synapse.dll is not built at {path}.");
    }

    private sealed class LockedWriter(StringBuilder target) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (target)
            {
                target.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (target)
            {
                target.Append(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (target)
            {
                target.Append(value).Append('\n');
            }
        }
    }
}
