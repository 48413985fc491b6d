using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Synapse.Hosting.Startup;
using Synapse.Hosting.Settings;
using Synapse.Hosting.Tests.Infrastructure;

namespace Synapse.Hosting.Tests.Startup;

public sealed class SynapseHostTests
{
    /// <summary>
    /// <c>synapse up</c> stops the balancer while it may still be starting: the stop waits for start-up, the start is not
    /// cancelled, and nothing logs "Hosting failed to start" with a TaskCanceledException.
    /// </summary>
    [Fact]
    public async Task A_stop_during_start_up_is_a_quiet_stop()
    {
        var logs = new LogCollector();
        var starting = new SlowStart();
        using var stop = new CancellationTokenSource();
        var run = SynapseHost.RunAsync("test", () => Build(logs, services => services.AddSingleton<IHostedService>(starting), hostLog: true), TextWriter.Null, stop.Token);

        await starting.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        starting.Release.SetResult();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(starting.StartCancelled);
        Assert.True(starting.Stopped);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.DoesNotContain(logs.Entries, e => e.Exception is not null);
    }

    [Fact]
    public async Task A_stop_after_start_up_stops_the_host()
    {
        var logs = new LogCollector();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var run = SynapseHost.RunAsync("test", () =>
        {
            var app = Build(logs, _ => { });
            app.Lifetime.ApplicationStarted.Register(started.SetResult);
            return app;
        }, TextWriter.Null, stop.Token);

        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_bad_setting_is_one_line_and_exit_code_2()
    {
        var error = new StringWriter();
        var code = await SynapseHost.RunAsync("test", () => throw new SettingsException("TEST_PORT must be a port number."), error, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Equal("test: TEST_PORT must be a port number." + Environment.NewLine, error.ToString());
    }

    [Fact]
    public async Task An_address_in_use_is_one_line_exit_code_2_and_no_stack_in_the_log()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var logs = new LogCollector();
        var error = new StringWriter();

        var code = await SynapseHost.RunAsync("test", () => Build(logs, _ => { }, port), error, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, code);
        var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("test: ", Assert.Single(lines), StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[0], StringComparison.Ordinal);
        // The stack is kept for Debug only.
        Assert.DoesNotContain(logs.Entries, e => e.Exception is not null && e.Level > LogLevel.Debug);
        Assert.Contains(logs.Entries, e => e.Exception is IOException && e.Level == LogLevel.Debug);
    }

    private static WebApplication Build(LogCollector logs, Action<IServiceCollection> configure, int port = 0, bool hostLog = false)
    {
        var environment = new Dictionary<string, string?>
        {
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning",
            ["Logging__LogLevel__Default"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        };
        if (hostLog)
        {
            // The host's own start-up log, silenced by default, is on: a stop during start-up must keep it quiet by itself.
            environment["Logging__LogLevel__Microsoft.Extensions.Hosting.Internal.Host"] = "Information";
        }

        var builder = SynapseHost.CreateBuilder([], TestSetting.All, environment, reloadOnChange: false);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        configure(builder.Services);
        var app = builder.Build();
        app.MapGet("/", () => "ok");
        return app;
    }

    /// <summary>A hosted service whose start waits on the test, honouring its token as Kestrel and the others do.</summary>
    private sealed class SlowStart : IHostedService
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool StartCancelled { get; private set; }

        public bool Stopped { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            Entered.SetResult();
            try
            {
                await Release.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                StartCancelled = true;
                throw;
            }
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stopped = true;
            return Task.CompletedTask;
        }
    }
}
