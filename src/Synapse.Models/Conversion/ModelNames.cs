using System.Text.RegularExpressions;

namespace Synapse.Models.Conversion;

/// <summary>The model name recorded as <c>general.name</c>.</summary>
internal static partial class ModelNames
{
    /// <summary>Tokens llama.cpp looks up by text for any model whose name mentions Phi-3.</summary>
    private static readonly string[] Phi3QuirkTokens = ["<unk>", "<s>", "</s>", "<|endoftext|>"];

    /// <summary>
    /// The repository name for a huggingface_hub snapshot (<c>models--org--name/snapshots/commit</c> gives "name"),
    /// otherwise the directory's own name.
    /// </summary>
    public static string FromDirectory(string directory)
    {
        var full = new DirectoryInfo(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar));
        if (full.Parent is { Name: "snapshots" } snapshots && snapshots.Parent is { } repo
            && repo.Name.StartsWith("models--", StringComparison.Ordinal))
        {
            return repo.Name.Split("--")[^1];
        }

        return full.Name;
    }

    /// <summary>
    /// llama.cpp sets token attributes by model name: for a name containing "phi3" or "phi-3" it looks up
    /// <c>&lt;unk&gt;</c>, <c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c> and <c>&lt;|endoftext|&gt;</c> by text and fails to load
    /// the file when one is missing (a Phi-3 fine-tune with another vocabulary). Such a name is spelled "phi_3" instead.
    /// </summary>
    public static string ForLlamaCpp(string name, IReadOnlyCollection<string> tokens)
    {
        if (!Phi3Name().IsMatch(name))
        {
            return name;
        }

        var present = tokens as ISet<string> ?? new HashSet<string>(tokens, StringComparer.Ordinal);
        return Phi3QuirkTokens.All(present.Contains) ? name : Phi3Name().Replace(name, m => m.Value[..3] + "_3");
    }

    [GeneratedRegex("phi-?3", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Phi3Name();
}
