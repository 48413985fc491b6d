using System.Text.RegularExpressions;

namespace Synapse.Models.Hub;

/// <summary>
/// A parsed MODEL_NAME: <c>org/name</c>, bare <c>gpt2</c>, <c>org/name@revision</c>, <c>org/name:Q4_K_M</c> (a tag that picks
/// a quantization), a local Hugging Face folder or a local <c>.gguf</c> file (a split model by any of its parts).
/// </summary>
public sealed partial record ModelReference
{
    public const string DefaultRevision = "main";

    private ModelReference(ModelReferenceKind kind, string text)
    {
        Kind = kind;
        Text = text;
    }

    public ModelReferenceKind Kind { get; }

    /// <summary>The MODEL_NAME as given.</summary>
    public string Text { get; }

    /// <summary>The repository id (<c>org/name</c> or <c>name</c>) of a hub reference.</summary>
    public string? RepoId { get; private init; }

    /// <summary>The branch, tag or commit of a hub reference (<c>main</c> unless <c>@revision</c> is given).</summary>
    public string Revision { get; private init; } = DefaultRevision;

    /// <summary>The <c>:TAG</c> of a hub reference: which GGUF file of a GGUF repository, or the quantization to convert to.</summary>
    public string? Tag { get; private init; }

    /// <summary>The full path of a local file or folder.</summary>
    public string? LocalPath { get; private init; }

    /// <summary>Parses <paramref name="text"/>; an existing path wins over a repository id of the same spelling.</summary>
    /// <exception cref="FormatException">The text is neither an existing path nor a valid repository id.</exception>
    public static ModelReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw new FormatException("The model name is empty.");
        }

        var path = ExpandHome(trimmed);
        // A bare "gpt2" that happens to name an unrelated file or folder here is still the repository.
        var pathLike = LooksLikePath(trimmed);
        if (File.Exists(path) && (pathLike || path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)))
        {
            if (!path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"'{trimmed}' is a file but not a .gguf file; give a .gguf file, a Hugging Face folder or a repository id.");
            }

            return new ModelReference(ModelReferenceKind.LocalGguf, trimmed) { LocalPath = FirstSplitPart(Path.GetFullPath(path)) };
        }

        if (Directory.Exists(path) && (pathLike || File.Exists(Path.Combine(path, "config.json"))))
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(Path.Combine(full, "config.json")))
            {
                throw new FormatException($"The folder '{trimmed}' has no config.json, so it is not a model in Hugging Face layout.");
            }

            return new ModelReference(ModelReferenceKind.LocalFolder, trimmed) { LocalPath = full };
        }

        if (pathLike)
        {
            throw new FormatException($"'{trimmed}' does not exist (full path: {Path.GetFullPath(path)}).");
        }

        return ParseRepository(trimmed);
    }

    private static ModelReference ParseRepository(string text)
    {
        // Neither repository ids nor git ref names may hold ':' and ids hold no '@', so both split unambiguously.
        var rest = text;
        string? tag = null;
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (tag.Length == 0 || !TagPattern().IsMatch(tag))
            {
                throw new FormatException($"'{text}': the tag after ':' must be a quantization such as Q4_K_M, got '{tag}'.");
            }
        }

        var revision = DefaultRevision;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            revision = rest[(at + 1)..];
            rest = rest[..at];
            if (revision.Length == 0 || revision.Contains("..", StringComparison.Ordinal) || revision.Any(c => char.IsWhiteSpace(c) || c is '\\' or '~' or '^' or '?' or '*' or '['))
            {
                throw new FormatException($"'{text}': '{revision}' is not a valid revision (a branch, tag or commit).");
            }
        }

        if (!RepoIdPattern().IsMatch(rest) || rest.Contains("--", StringComparison.Ordinal) || rest.Contains("..", StringComparison.Ordinal) || rest.EndsWith(".git", StringComparison.Ordinal))
        {
            throw new FormatException(
                $"'{text}' is neither an existing file or folder nor a Hugging Face repository id (org/name, optionally @revision and :QUANT).");
        }

        return new ModelReference(ModelReferenceKind.HubRepository, text) { RepoId = rest, Revision = revision, Tag = tag };
    }

    /// <summary>The first part of a split GGUF (<c>-00001-of-0000N.gguf</c>): llama.cpp loads the rest from beside it.</summary>
    public static string FirstSplitPart(string path)
    {
        var match = GgufSplitName.Pattern().Match(Path.GetFileName(path));
        if (!match.Success)
        {
            return path;
        }

        var first = Path.Combine(Path.GetDirectoryName(path)!, GgufSplitName.PartName(match.Groups["prefix"].Value, 1, int.Parse(match.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        return File.Exists(first) ? first : throw new FormatException($"'{path}' is part of a split GGUF whose first part '{first}' is missing.");
    }

    public override string ToString() => Text;

    private static bool LooksLikePath(string text) =>
        text.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith('/') || text.StartsWith('.') || text.StartsWith('~') || text.Contains('\\', StringComparison.Ordinal)
        || (text.Length >= 2 && text[1] == ':' && char.IsAsciiLetter(text[0]))
        || text.Split('@', ':')[0].Count(c => c == '/') > 1;

    // ~/ everywhere, and ~\ on Windows too (Path.AltDirectorySeparatorChar is '/' elsewhere), as os.path.expanduser.
    private static string ExpandHome(string path) =>
        path == "~" || (path.Length > 1 && path[0] == '~' && (path[1] == Path.DirectorySeparatorChar || path[1] == Path.AltDirectorySeparatorChar))
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;

    // huggingface_hub's validate_repo_id: an optional namespace and a name of word characters, '-' and '.'.
    [GeneratedRegex(@"^(\b[\w\-.]+\b/)?\b[\w\-.]{1,96}\b$")]
    private static partial Regex RepoIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+$")]
    private static partial Regex TagPattern();
}
