using Microsoft.Extensions.Options;
using Synapse.LoadBalancer.Routing;
using Synapse.Hosting.Tls;

namespace Synapse.LoadBalancer.Configuration;

/// <summary>
/// The ranges of <see cref="BalancerOptions"/>, with messages naming the setting to fix: checked when the settings
/// are read (every problem in one message, exit code 2) and again when the host starts (ValidateOnStart).
/// </summary>
public sealed class BalancerOptionsValidator : IValidateOptions<BalancerOptions>
{
    public ValidateOptionsResult Validate(string? name, BalancerOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Errors(BalancerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        CheckTimeout(BalancerSettings.HealthInterval, options.HealthInterval, errors);
        CheckTimeout(BalancerSettings.HealthTimeout, options.HealthTimeout, errors);
        CheckTimeout(BalancerSettings.RequestTimeout, options.RequestTimeout, errors);
        CheckTimeout(BalancerSettings.ConnectTimeout, options.ConnectTimeout, errors);
        CheckRange(BalancerSettings.UnhealthyThreshold, options.UnhealthyThreshold, 1, BalancerOptions.MaxThreshold, errors);
        CheckRange(BalancerSettings.HealthyThreshold, options.HealthyThreshold, 1, BalancerOptions.MaxThreshold, errors);
        CheckRange(BalancerSettings.Retries, options.Retries, 0, BalancerOptions.MaxRetries, errors);
        CheckRange(BalancerSettings.HeartbeatMisses, options.HeartbeatMisses, 1, BalancerOptions.MaxThreshold, errors);
        if (options.MaxBodyBytes < BalancerOptions.MinMaxBodyBytes)
        {
            errors.Add($"{BalancerSettings.MaxBodyBytes.DisplayName} must be at least {BalancerOptions.MinMaxBodyBytes}, got {options.MaxBodyBytes}.");
        }

        var prefix = options.Prefix;
        if (prefix.MatchThreshold is < 0 or > 1 || double.IsNaN(prefix.MatchThreshold))
        {
            errors.Add($"{BalancerSettings.PrefixMatchThreshold.DisplayName} must be between 0 and 1, got {prefix.MatchThreshold}.");
        }

        CheckRange(BalancerSettings.PrefixBalanceAbsolute, prefix.BalanceAbsolute, 0, BalancerOptions.MaxThreshold, errors);
        if (prefix.BalanceRelative is < 1 or > 1000 || double.IsNaN(prefix.BalanceRelative))
        {
            errors.Add($"{BalancerSettings.PrefixBalanceRelative.DisplayName} must be between 1 and 1000, got {prefix.BalanceRelative}.");
        }

        CheckRange(BalancerSettings.PrefixTreeCharacters, prefix.TreeCharacters, PrefixPolicyOptions.MinTreeCharacters, int.MaxValue, errors);
        CheckTimeout(BalancerSettings.PrefixEntryLifetime, prefix.EntryLifetime, errors);

        if (options.KubernetesScheme is not ("http" or "https"))
        {
            errors.Add($"{BalancerSettings.KubernetesScheme.DisplayName} must be http or https, got '{options.KubernetesScheme}'.");
        }

        KestrelTls.Check(BalancerSettings.TlsCertificate.DisplayName, options.TlsCertificate, BalancerSettings.TlsKey.DisplayName, options.TlsKey, errors);
        if (options.NodeCa is not null && !File.Exists(options.NodeCa))
        {
            errors.Add($"{BalancerSettings.NodeCa.DisplayName}: no such file '{options.NodeCa}'.");
        }

        return errors;
    }

    private static void CheckRange(BalancerSetting setting, int value, int min, int max, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{setting.DisplayName} must be between {min} and {max}, got {value}.");
        }
    }

    private static void CheckTimeout(BalancerSetting setting, TimeSpan value, List<string> errors)
    {
        if (value < BalancerOptions.MinTimeout || value > BalancerOptions.MaxTimeout)
        {
            errors.Add($"{setting.DisplayName} must be between {BalancerOptions.MinTimeout.TotalSeconds} and {BalancerOptions.MaxTimeout.TotalSeconds} seconds, got {value.TotalSeconds}.");
        }
    }
}
