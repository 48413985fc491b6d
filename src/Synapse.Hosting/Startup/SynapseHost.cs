using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.WindowsServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Synapse.Hosting.Settings;

namespace Synapse.Hosting.Startup;

/// <summary>
/// How the node and the balancer are built and run: Synapse's settings sources, one-line console logs, Ctrl+C and
/// SIGTERM as a stop (quiet even during start-up), and start-up failures a user can fix printed as one line.
/// </summary>
public static partial class SynapseHost
{
    /// <summary>
    /// A slim web application builder over <paramref name="settings"/> (see <see cref="SettingsSources"/>) with
    /// <paramref name="logLevels"/> as the lowest-precedence log levels (any source above overrides them).
    /// </summary>
    /// <exception cref="SettingsException">The <c>.env</c> file cannot be read.</exception>
    public static WebApplicationBuilder CreateBuilder(string[] args, IReadOnlyList<ISetting> settings, IDictionary<string, string?>? environment,
        bool reloadOnChange, IReadOnlyDictionary<string, string?>? logLevels = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            // A Windows service starts in System32: its .env and appsettings.json lie beside synapse.exe instead.
            ContentRootPath = WindowsServiceHelpers.IsWindowsService() ? AppContext.BaseDirectory : Directory.GetCurrentDirectory(),
        });
        SettingsSources.Configure(builder.Configuration, settings, args, builder.Environment.ContentRootPath,
            builder.Environment.EnvironmentName, environment, reloadOnChange);

        var defaults = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            // ASP.NET's per-request Information lines would cost CPU on a busy server and bury its own log.
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            // The host logs a failed start with its stack; RunAsync prints the failure as one line instead (the stack
            // at Debug). A crashing background service still logs at Critical.
            ["Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host"] = "Critical",
        };
        foreach (var (category, level) in logLevels ?? new Dictionary<string, string?>())
        {
            defaults[category] = level;
        }

        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        AddLifetime(builder, environment);
        UseSystemd(builder);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }

    /// <summary>
    /// Under the Windows service manager, its lifetime (a service stop drains as Ctrl+C does); anywhere else the
    /// signals, plus standard input as the <see cref="StopChannel"/> when the parent asked for it.
    /// </summary>
    private static void AddLifetime(WebApplicationBuilder builder, IDictionary<string, string?>? environment)
    {
        if (WindowsServiceHelpers.IsWindowsService())
        {
            builder.Services.AddWindowsService();
            return;
        }

        var channel = environment is null ? Environment.GetEnvironmentVariable(StopChannel.Variable)
            : environment.TryGetValue(StopChannel.Variable, out var value) ? value : null;
        var stopInput = StopChannel.IsStandardInput(channel) ? Console.In : null;
        builder.Services.AddSingleton(sp => new SignalLifetime(sp.GetRequiredService<IHostApplicationLifetime>(), stopInput));
        builder.Services.AddSingleton<IHostLifetime>(sp => sp.GetRequiredService<SignalLifetime>());
    }

    /// <summary>
    /// Under systemd (a unit with <c>Type=notify</c>): READY=1 once started, STOPPING=1 when the stop begins, and
    /// logs in journald's format with their levels. Elsewhere nothing changes. Synapse's own lifetime keeps SIGTERM
    /// (systemd's stop) as the graceful drain; only the notifications and the log format come from systemd's support.
    /// </summary>
    private static void UseSystemd(WebApplicationBuilder builder)
    {
        if (!Microsoft.Extensions.Hosting.Systemd.SystemdHelpers.IsSystemdService())
        {
            return;
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSystemdConsole();
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.Systemd.ISystemdNotifier, Microsoft.Extensions.Hosting.Systemd.SystemdNotifier>();
        builder.Services.AddHostedService<SystemdReadiness>();
    }

    /// <summary>
    /// Builds and runs the program until Ctrl+C/SIGTERM or <paramref name="cancellationToken"/>; returns the exit code:
    /// 2 for a bad setting or another start-up failure a user can fix (printed as one line prefixed with
    /// <paramref name="program"/>), else <see cref="Environment.ExitCode"/>.
    /// </summary>
    public static Task<int> RunAsync(string program, Func<WebApplication> build, CancellationToken cancellationToken) =>
        RunAsync(program, build, Console.Error, cancellationToken);

    /// <summary>Tests read the one-line failures from <paramref name="error"/> instead of the process's standard error.</summary>
    internal static async Task<int> RunAsync(string program, Func<WebApplication> build, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        WebApplication app;
        try
        {
            app = build();
        }
        catch (SettingsException exception)
        {
            await error.WriteLineAsync(program + ": " + exception.Message).ConfigureAwait(false);
            return 2;
        }

        await using (app.ConfigureAwait(false))
        {
            var lifetime = app.Services.GetService<IHostLifetime>() as SignalLifetime;
            using var stop = cancellationToken.Register(() =>
            {
                if (lifetime is not null)
                {
                    lifetime.RequestStop();
                }
                else
                {
                    app.Lifetime.StopApplication();
                }
            });

            try
            {
                await app.RunAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || app.Lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // A requested stop that still cancelled the start (a host without the signal lifetime): not a crash.
            }
            catch (Exception exception) when (IsExpectedStartupFailure(exception))
            {
                LogStartupFailed(app.Logger, exception);
                await error.WriteLineAsync(program + ": " + exception.Message).ConfigureAwait(false);
                return 2;
            }
        }

        return Environment.ExitCode;
    }

    /// <summary>Failures a user fixes (a bad setting, an address in use, a missing file), not bugs worth a stack trace.</summary>
    public static bool IsExpectedStartupFailure(Exception exception) =>
        exception is SettingsException or OptionsValidationException or IOException or UnauthorizedAccessException;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Start-up failed")]
    private static partial void LogStartupFailed(ILogger logger, Exception exception);
}
