using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Synapse.Hosting.Settings;

/// <summary>
/// Reads one setting's value and checks it, adding a message that names the setting to <c>errors</c> instead of
/// throwing, so a user sees every problem at once. A bad value yields the fallback (start-up then stops anyway).
/// </summary>
public static class SettingValues
{
    public static string? Get(IConfiguration configuration, ISetting setting) => configuration[setting.ConfigurationPath];

    public static string[] SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static int ReadInt(IConfiguration configuration, ISetting setting, int fallback, int min, int max, List<string> errors)
    {
        var text = Get(configuration, setting);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add($"{setting.DisplayName} must be a whole number, got '{text}'.");
            return fallback;
        }

        if (value < min || value > max)
        {
            errors.Add($"{setting.DisplayName} must be between {min} and {max}, got {value}.");
            return fallback;
        }

        return value;
    }

    public static long ReadLong(IConfiguration configuration, ISetting setting, long fallback, long min, List<string> errors)
    {
        var text = Get(configuration, setting);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add($"{setting.DisplayName} must be a whole number, got '{text}'.");
            return fallback;
        }

        if (value < min)
        {
            errors.Add($"{setting.DisplayName} must be at least {min}, got {value}.");
            return fallback;
        }

        return value;
    }

    public static bool ReadBool(IConfiguration configuration, ISetting setting, bool fallback, List<string> errors)
    {
        var text = Get(configuration, setting)?.Trim();
        switch (text?.ToLowerInvariant())
        {
            case null or "":
                return fallback;
            case "0" or "false" or "no" or "off":
                return false;
            case "1" or "true" or "yes" or "on":
                return true;
            default:
                errors.Add($"{setting.DisplayName} must be true or false, got '{text}'.");
                return fallback;
        }
    }

    public static double ReadSeconds(IConfiguration configuration, ISetting setting, double fallback, double min, List<string> errors)
    {
        var text = Get(configuration, setting);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            errors.Add($"{setting.DisplayName} must be a number of seconds, got '{text}'.");
            return fallback;
        }

        if (value < min || value > 86400)
        {
            errors.Add($"{setting.DisplayName} must be between {min} and 86400 seconds, got {value}.");
            return fallback;
        }

        return value;
    }
}
