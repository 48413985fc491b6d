namespace Synapse.Hosting.Settings;

/// <summary>
/// A setting is missing or invalid (or <c>.env</c> cannot be read): the program refuses to start and prints only
/// this message, which names the setting as the user can set it, and exits with code 2.
/// </summary>
public sealed class SettingsException(string message) : Exception(message)
{
    /// <summary>Every problem found, listed in one message so a user fixes them in one go.</summary>
    public static void ThrowIfAny(IReadOnlyCollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count > 0)
        {
            throw new SettingsException(Describe(errors));
        }
    }

    /// <summary>The text of an invalid configuration, also used for options validators' failures.</summary>
    public static string Describe(IEnumerable<string> errors) =>
        "Invalid configuration:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", errors);
}
