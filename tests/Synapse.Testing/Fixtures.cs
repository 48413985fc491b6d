using Xunit;

namespace Synapse.Testing;

/// <summary>
/// Finds the real fixtures in ../shared/fixtures beside the checkout. A fresh clone has none: tests then
/// skip with a message, unless SYNAPSE_REQUIRE_FIXTURES=1 (CI), where a missing fixture fails the test.
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string?> LazyRoot = new(FindRoot);

    /// <summary>The fixtures folder, or null when it is absent.</summary>
    public static string? Root => LazyRoot.Value;

    public static bool Required =>
        Environment.GetEnvironmentVariable("SYNAPSE_REQUIRE_FIXTURES") is "1" or "true";

    /// <summary>The full path of a fixture; skips the calling test (or fails it under CI) when it is missing.</summary>
    public static string Require(string relativePath)
    {
        var root = Root;
        var full = root is null ? null : Path.Combine(root, relativePath);
        if (full is not null && (File.Exists(full) || Directory.Exists(full)))
        {
            return full;
        }

        var message = $"Fixture '{relativePath}' not found (looked for ../shared/fixtures beside the checkout, or SYNAPSE_FIXTURES).";
        if (Required)
        {
            throw new FileNotFoundException(message + " SYNAPSE_REQUIRE_FIXTURES is set, so this is a failure.");
        }

        Assert.Skip(message);
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>The checkout's root folder (where Synapse.slnx lies).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string? FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SYNAPSE_FIXTURES");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return Directory.Exists(fromEnv) ? fromEnv : null;
        }

        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "fixtures"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Synapse.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Cannot find Synapse.slnx above {AppContext.BaseDirectory}.");
    }
}
