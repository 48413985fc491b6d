using Microsoft.Extensions.Options;

namespace Synapse.Node.Configuration;

/// <summary>
/// The ranges of <see cref="NodeOptions"/>, with messages naming the setting to fix: checked when the settings are
/// read (every problem in one message, exit code 2) and again when the host starts (ValidateOnStart).
/// </summary>
public sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Errors(NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.MaxBodyBytes < NodeOptions.MinMaxBodyBytes)
        {
            errors.Add($"{NodeSettings.MaxBodyBytes.DisplayName} must be at least {NodeOptions.MinMaxBodyBytes}, got {options.MaxBodyBytes}.");
        }

        CheckInterval(NodeSettings.ShutdownGrace, options.ShutdownGrace, TimeSpan.Zero, errors);
        CheckInterval(NodeSettings.KeepAlive, options.KeepAliveInterval, NodeOptions.MinKeepAliveInterval, errors);
        CheckInterval(NodeSettings.HeartbeatSeconds, options.HeartbeatInterval, NodeOptions.MinHeartbeatInterval, errors);
        CheckInterval(NodeSettings.SimLoadSeconds, options.SimulatedLoadTime, TimeSpan.Zero, errors);
        if (options.SimulatedTokensPerSecond is < 0 or > NodeOptions.MaxSimulatedTokensPerSecond || double.IsNaN(options.SimulatedTokensPerSecond))
        {
            errors.Add($"{NodeSettings.SimTokensPerSecond.DisplayName} must be between 0 (instant) and {NodeOptions.MaxSimulatedTokensPerSecond}, got {options.SimulatedTokensPerSecond}.");
        }

        Synapse.Hosting.Tls.KestrelTls.Check(NodeSettings.TlsCertificate.DisplayName, options.TlsCertificate, NodeSettings.TlsKey.DisplayName, options.TlsKey, errors);
        if (options.BalancerCa is not null && !File.Exists(options.BalancerCa))
        {
            errors.Add($"{NodeSettings.BalancerCa.DisplayName}: no such file '{options.BalancerCa}'.");
        }

        if (options.ResponsesStore && string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add($"{NodeSettings.DataDir.DisplayName} is required to store responses: this user has no home folder to hold its default. Set it, or set {NodeSettings.ResponsesStore.EnvironmentVariable}=false.");
        }

        if (options.ResponsesMaxAge <= TimeSpan.Zero || options.ResponsesMaxAge > NodeOptions.MaxResponsesMaxAge)
        {
            errors.Add($"{NodeSettings.ResponsesMaxAgeDays.DisplayName} must be above 0 and at most {NodeOptions.MaxResponsesMaxAge.TotalDays} days, got {options.ResponsesMaxAge.TotalDays}.");
        }

        if (options.ResponsesMaxMb is < 1 or > NodeOptions.MaxResponsesMaxMb)
        {
            errors.Add($"{NodeSettings.ResponsesMaxMb.DisplayName} must be between 1 and {NodeOptions.MaxResponsesMaxMb}, got {options.ResponsesMaxMb}.");
        }

        return errors;
    }

    private static void CheckInterval(NodeSetting setting, TimeSpan value, TimeSpan min, List<string> errors)
    {
        if (value < min || value > NodeOptions.MaxInterval)
        {
            errors.Add($"{setting.DisplayName} must be between {min.TotalSeconds} and {NodeOptions.MaxInterval.TotalSeconds} seconds, got {value.TotalSeconds}.");
        }
    }
}
