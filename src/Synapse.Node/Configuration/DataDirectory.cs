namespace Synapse.Node.Configuration;

/// <summary>
/// The default of SYNAPSE_DATA_DIR: the per-user data folder of the XDG base directory spec
/// (<c>$XDG_DATA_HOME/synapse</c>, else <c>~/.local/share/synapse</c>), <c>%LOCALAPPDATA%\Synapse</c> on Windows.
/// Read through <c>get</c> (the node's configuration, which holds the environment), so tests give their own.
/// </summary>
public static class DataDirectory
{
    /// <summary>The folder, or null when the user has no home folder to put it in (a service without one).</summary>
    public static string? Default(Func<string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        if (OperatingSystem.IsWindows())
        {
            var local = NonEmpty(get("LOCALAPPDATA")) ?? NonEmpty(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData));
            return local is null ? null : Path.Combine(local, "Synapse");
        }

        if (NonEmpty(get("XDG_DATA_HOME")) is { } xdg && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "synapse");
        }

        var home = NonEmpty(get("HOME")) ?? NonEmpty(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        return home is null ? null : Path.Combine(home, ".local", "share", "synapse");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
