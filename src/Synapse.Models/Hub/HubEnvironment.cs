namespace Synapse.Models.Hub;

/// <summary>
/// Where the hub is and where its cache lies, read from the same variables huggingface_hub reads (its
/// <c>constants.py</c>), so Synapse and Python tools share one cache and one login.
/// </summary>
public sealed record HubEnvironment
{
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>The hub's base URL without a trailing slash (HF_ENDPOINT).</summary>
    public required string Endpoint { get; init; }

    /// <summary>HF_HOME: <c>$XDG_CACHE_HOME/huggingface</c>, by default <c>~/.cache/huggingface</c>.</summary>
    public required string Home { get; init; }

    /// <summary>The hub cache (HF_HUB_CACHE, else HUGGINGFACE_HUB_CACHE, else <c>$HF_HOME/hub</c>).</summary>
    public required string HubCache { get; init; }

    /// <summary>The token sent as <c>Authorization: Bearer</c>, if any.</summary>
    public string? Token { get; init; }

    /// <summary>Where the token came from, for messages ("HF_TOKEN", or the token file's path).</summary>
    public string? TokenSource { get; init; }

    /// <summary>HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE): serve from the cache alone, never touch the network.</summary>
    public bool Offline { get; init; }

    /// <summary>Where converted GGUF files are kept: <c>$HF_HOME/synapse/gguf</c>.</summary>
    public string ConvertedCache => Path.Combine(Home, "synapse", "gguf");

    /// <summary>Reads the process environment.</summary>
    public static HubEnvironment FromProcess() => FromVariables(name => Environment.GetEnvironmentVariable(name));

    /// <summary>Reads the variables through <paramref name="get"/> (tests and the node's layered configuration).</summary>
    public static HubEnvironment FromVariables(Func<string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        var userHome = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var xdgCache = NonEmpty(get("XDG_CACHE_HOME")) ?? Path.Combine(userHome, ".cache");
        var home = ExpandUser(NonEmpty(get("HF_HOME")) ?? Path.Combine(xdgCache, "huggingface"), userHome);
        var hubCache = ExpandUser(NonEmpty(get("HF_HUB_CACHE")) ?? NonEmpty(get("HUGGINGFACE_HUB_CACHE")) ?? Path.Combine(home, "hub"), userHome);
        var tokenPath = ExpandUser(NonEmpty(get("HF_TOKEN_PATH")) ?? Path.Combine(home, "token"), userHome);

        string? token = null;
        string? tokenSource = null;
        if (NonEmpty(get("HF_TOKEN")?.Trim()) is { } fromEnv)
        {
            (token, tokenSource) = (fromEnv, "HF_TOKEN");
        }
        else if (NonEmpty(get("HUGGING_FACE_HUB_TOKEN")?.Trim()) is { } legacy)
        {
            (token, tokenSource) = (legacy, "HUGGING_FACE_HUB_TOKEN");
        }
        else if (File.Exists(tokenPath))
        {
            token = NonEmpty(File.ReadAllText(tokenPath).Trim());
            tokenSource = token is null ? null : tokenPath;
        }

        return new HubEnvironment
        {
            Endpoint = (NonEmpty(get("HF_ENDPOINT")) ?? DefaultEndpoint).TrimEnd('/'),
            Home = Path.GetFullPath(home),
            HubCache = Path.GetFullPath(hubCache),
            Token = token,
            TokenSource = tokenSource,
            Offline = IsTrue(get("HF_HUB_OFFLINE")) || IsTrue(get("TRANSFORMERS_OFFLINE")),
        };
    }

    // huggingface_hub's _is_true: 1, ON, YES, TRUE in any case.
    private static bool IsTrue(string? value) => value?.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // os.path.expanduser: ~/ everywhere, ~\ on Windows too (Path.AltDirectorySeparatorChar is '/' elsewhere).
    private static string ExpandUser(string path, string userHome) =>
        path == "~" || (path.Length > 1 && path[0] == '~' && (path[1] == Path.DirectorySeparatorChar || path[1] == Path.AltDirectorySeparatorChar))
            ? userHome + path[1..]
            : path;
}
