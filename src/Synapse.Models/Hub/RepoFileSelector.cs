using System.Globalization;
using System.Text.RegularExpressions;

namespace Synapse.Models.Hub;

/// <summary>
/// Picks the files of a repository to fetch: configuration, tokenizer and safetensors (never the .bin/.pt/.h5/.onnx/
/// .msgpack duplicates), or from a GGUF repository one quantization: the tag's, else Q4_K_M, else Q8_0, else the smallest.
/// </summary>
public static partial class RepoFileSelector
{
    /// <summary>Configuration and tokenizer files a conversion may read (whichever the repository has).</summary>
    public static IReadOnlyList<string> MetadataFiles { get; } =
    [
        "config.json", "generation_config.json", "tokenizer.json", "tokenizer.model", "tokenizer_config.json",
        "special_tokens_map.json", "vocab.json", "merges.txt", "added_tokens.json", "chat_template.jinja",
    ];

    private static readonly string[] DefaultQuantizations = ["Q4_K_M", "Q8_0"];

    /// <param name="files">The repository's files.</param>
    /// <param name="tag">The <c>:TAG</c> of the model name, if any.</param>
    /// <param name="isConversionType">Whether a tag names a quantization Synapse can convert to (then a safetensors repository is fine).</param>
    public static RepoSelection Select(string repoId, IReadOnlyList<RepoFile> files, string? tag, Func<string, bool> isConversionType)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(isConversionType);
        var candidates = GgufCandidates(files);
        if (tag is not null)
        {
            var tagged = MatchTag(candidates, tag);
            if (tagged is not null)
            {
                return new RepoSelection(RepoFormat.Gguf, tagged.Files);
            }
        }

        var safetensors = SafetensorsFiles(files);
        var hasConfig = files.Any(f => f.Path == "config.json");
        if (safetensors.Count > 0 && hasConfig)
        {
            if (tag is not null && !isConversionType(tag))
            {
                throw new HubException(HubErrorKind.NoSupportedWeights,
                    $"{repoId} has no GGUF file tagged '{tag}', and '{tag}' is not a quantization Synapse converts to (F16, BF16, Q8_0, Q6_K, Q5_K_M, Q4_K_M).");
            }

            var metadata = MetadataFiles.Where(name => files.Any(f => f.Path == name));
            return new RepoSelection(RepoFormat.Safetensors, [.. metadata, .. safetensors]);
        }

        if (candidates.Count > 0)
        {
            if (tag is not null && !isConversionType(tag))
            {
                throw new HubException(HubErrorKind.NoSupportedWeights,
                    $"{repoId} has no GGUF file tagged '{tag}'. Its GGUF files: {string.Join(", ", candidates.Select(c => c.Files[0]))}.");
            }

            var chosen = tag is not null ? MatchTag(candidates, tag) : null;
            chosen ??= DefaultQuantizations.Select(q => MatchTag(candidates, q)).FirstOrDefault(c => c is not null)
                ?? candidates.OrderBy(c => c.TotalSize ?? long.MaxValue).ThenBy(c => c.Files[0], StringComparer.Ordinal).First();
            return new RepoSelection(RepoFormat.Gguf, chosen.Files);
        }

        var weights = files.Where(f => IsOtherWeights(f.Path)).Select(f => f.Path).ToList();
        var found = weights.Count > 0
            ? $"it has only {string.Join(", ", weights.Take(5))}{(weights.Count > 5 ? ", …" : "")}, which Synapse does not read (it converts safetensors and loads GGUF)"
            : safetensors.Count > 0 ? "it has safetensors but no config.json" : "it has neither safetensors weights nor GGUF files";
        throw new HubException(HubErrorKind.NoSupportedWeights, $"{repoId} holds no weights Synapse can use: {found}.");
    }

    /// <summary>The GGUF files to choose from, split ones grouped (parts in order), model projector files left out.</summary>
    public static IReadOnlyList<GgufCandidate> GgufCandidates(IReadOnlyList<RepoFile> files)
    {
        var result = new List<GgufCandidate>();
        var splits = new Dictionary<string, List<(int Index, RepoFile File)>>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => f.Path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)))
        {
            var name = Path.GetFileName(file.Path);
            if (name.Contains("mmproj", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var match = GgufSplitName.Pattern().Match(name);
            if (match.Success)
            {
                var key = file.Path[..^name.Length] + match.Groups["prefix"].Value + "/" + match.Groups["count"].Value;
                if (!splits.TryGetValue(key, out var parts))
                {
                    splits[key] = parts = [];
                }

                parts.Add((int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture), file));
            }
            else
            {
                result.Add(new GgufCandidate([file.Path], file.Size));
            }
        }

        foreach (var parts in splits.Values)
        {
            var ordered = parts.OrderBy(p => p.Index).ToList();
            var count = int.Parse(GgufSplitName.Pattern().Match(Path.GetFileName(ordered[0].File.Path)).Groups["count"].Value, CultureInfo.InvariantCulture);
            // An incomplete set cannot load; leave it out rather than fail later inside llama.cpp.
            if (ordered.Count == count && ordered[0].Index == 1)
            {
                var sizes = ordered.Select(p => p.File.Size).ToList();
                result.Add(new GgufCandidate(ordered.Select(p => p.File.Path).ToArray(), sizes.All(s => s is not null) ? sizes.Sum() : null));
            }
        }

        return result;
    }

    private static GgufCandidate? MatchTag(IReadOnlyList<GgufCandidate> candidates, string tag)
    {
        // The tag as a whole word of the path (".Q4_K_M.gguf", "-q4_k_m-00001-of-00002", "Q4_K_M/…"), so Q4_K does not pick Q4_K_M.
        var pattern = new Regex($"(^|[^A-Za-z0-9_]){Regex.Escape(tag)}($|[^A-Za-z0-9_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return candidates.Where(c => pattern.IsMatch(c.Files[0])).OrderBy(c => c.TotalSize ?? long.MaxValue).FirstOrDefault();
    }

    private static List<string> SafetensorsFiles(IReadOnlyList<RepoFile> files)
    {
        // Top-level only: sub-folders hold other formats' copies (original/, onnx/) in real repositories.
        var topLevel = files.Where(f => !f.Path.Contains('/', StringComparison.Ordinal)).Select(f => f.Path).ToList();
        var index = topLevel.FirstOrDefault(p => p == "model.safetensors.index.json")
            ?? topLevel.FirstOrDefault(p => p.EndsWith(".safetensors.index.json", StringComparison.Ordinal));
        if (index is not null)
        {
            // The shards are read from the index once it is downloaded.
            return [index];
        }

        if (topLevel.Contains("model.safetensors"))
        {
            return ["model.safetensors"];
        }

        // Mistral's consolidated.safetensors duplicates the Hugging Face weights in another layout.
        return topLevel.Where(p => p.EndsWith(".safetensors", StringComparison.Ordinal) && !p.StartsWith("consolidated", StringComparison.Ordinal)).ToList();
    }

    private static bool IsOtherWeights(string path) =>
        OtherWeights().IsMatch(path);

    [GeneratedRegex(@"\.(bin|pt|pth|ckpt|h5|msgpack|onnx|onnx_data|ot)$", RegexOptions.IgnoreCase)]
    private static partial Regex OtherWeights();
}
