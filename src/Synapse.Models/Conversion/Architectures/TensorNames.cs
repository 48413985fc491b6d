using System.Text.RegularExpressions;

namespace Synapse.Models.Conversion.Architectures;

/// <summary>
/// gguf-py's tensor name map for the Llama-style checkpoints (<c>model.layers.N.self_attn.q_proj</c> and friends):
/// Hugging Face module path to llama.cpp tensor name, <c>.weight</c>/<c>.bias</c> kept.
/// </summary>
internal static partial class TensorNames
{
    public const string TokenEmbedding = "token_embd";
    public const string Output = "output";
    public const string OutputNorm = "output_norm";

    private static readonly Dictionary<string, string> Globals = new(StringComparer.Ordinal)
    {
        ["model.embed_tokens"] = TokenEmbedding,
        ["model.norm"] = OutputNorm,
        ["lm_head"] = Output,
    };

    /// <summary>A parsed name: the module path without its suffix, the block number if any, the suffix.</summary>
    public static (string Module, int? Block, string Suffix)? Parse(string name)
    {
        var match = LayerName().Match(name);
        if (match.Success)
        {
            return (match.Groups["module"].Value, int.Parse(match.Groups["block"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["suffix"].Value);
        }

        var dot = name.LastIndexOf('.');
        return dot <= 0 ? null : (name[..dot], null, name[(dot + 1)..]);
    }

    /// <summary>The llama.cpp name of a top-level (non-block) module, or null.</summary>
    public static string? Global(string module) => Globals.GetValueOrDefault(module);

    /// <summary>Formats a block tensor name: <c>blk.N.name.suffix</c>.</summary>
    public static string Block(int block, string name, string suffix) => $"blk.{block}.{name}.{suffix}";

    [GeneratedRegex(@"^model\.layers\.(?<block>\d+)\.(?<module>.+)\.(?<suffix>weight|bias)$", RegexOptions.CultureInvariant)]
    private static partial Regex LayerName();
}
