using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing.Hub;

namespace Synapse.Node.Tests.Hosting;

/// <summary>
/// A model the node cannot get (hub unreachable, offline without a cached copy, gated) is a failure the user fixes:
/// one clear line in the log, the stack only at Debug, and the node stops with exit code 1.
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private readonly HubTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("Information", false)]
    [InlineData("Debug", true)]
    public async Task A_model_the_hub_cannot_give_is_one_clear_line_and_a_stop(string level, bool stackLogged)
    {
        var logs = new Collector();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = await NodeHost.StartAsync("org/not-cached", environment: new Dictionary<string, string?>
        {
            ["HF_HOME"] = _folder.Home,
            // Offline with an empty cache fails at once, on the same path as an unreachable hub; no network is touched.
            ["HF_HUB_OFFLINE"] = "1",
            ["HF_ENDPOINT"] = "http://127.0.0.1:9",
            ["Logging__LogLevel__Synapse"] = level,
        }, waitUntilReady: false, configureServices: services => services.AddSingleton<ILoggerProvider>(logs));
        host.App.Lifetime.ApplicationStopping.Register(stopped.SetResult);

        try
        {
            await stopped.Task.WaitAsync(TimeSpan.FromSeconds(60));
            // What the program's run loop does once the application stops: stop the host, which ends the load path.
            await host.DisposeAsync();
            Assert.Equal(1, Environment.ExitCode);
        }
        finally
        {
            Environment.ExitCode = 0;
        }

        var failure = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Equal(LogLevel.Critical, failure.Level);
        Assert.Contains("org/not-cached", failure.Message, StringComparison.Ordinal);
        Assert.Null(failure.Exception);
        Assert.DoesNotContain(logs.Entries, e => e.Exception is not null && e.Level > LogLevel.Debug);
        Assert.Equal(stackLogged, logs.Entries.Any(e => e.Exception is not null && e.Level == LogLevel.Debug));
    }

    private sealed class Collector : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Collector collector, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                collector.Entries.Enqueue((category, logLevel, formatter(state, exception), exception));
        }
    }
}
