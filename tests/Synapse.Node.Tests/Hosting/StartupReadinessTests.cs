using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Hosting;

/// <summary>The start-up report waits on the engine's readiness (an awaitable), so it speaks once the model is ready.</summary>
public sealed class StartupReadinessTests : FakeEngineTest
{
    [Fact]
    public async Task The_model_ready_line_is_written_when_the_engine_becomes_ready_not_before()
    {
        var engine = new FakeEngine { Ready = false };
        var ready = new LineWaiter("Model ready");
        await using var host = await NodeHost.StartAsync(ModelPath, engine: engine, waitUntilReady: false,
            configureServices: services => services.AddSingleton<ILoggerProvider>(ready));

        // The report is still waiting: nothing but readiness can release it.
        Assert.False(ready.Seen.Task.IsCompleted);
        engine.Ready = true;
        await ready.Seen.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await host.WaitUntilReadyAsync();
    }

    [Fact]
    public async Task Stopping_while_the_model_loads_ends_the_report_quietly()
    {
        var engine = new FakeEngine { Ready = false };
        var ready = new LineWaiter("Model ready");
        var host = await NodeHost.StartAsync(ModelPath, engine: engine, waitUntilReady: false,
            configureServices: services => services.AddSingleton<ILoggerProvider>(ready));
        await host.DisposeAsync();
        Assert.False(ready.Seen.Task.IsCompleted);
    }

    /// <summary>Completes <see cref="Seen"/> when a log line starting with the given text is written.</summary>
    private sealed class LineWaiter(string prefix) : ILoggerProvider, ILogger
    {
        public TaskCompletionSource Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (formatter(state, exception).StartsWith(prefix, StringComparison.Ordinal))
            {
                Seen.TrySetResult();
            }
        }

        public void Dispose()
        {
        }
    }
}
