using System.Text;
using System.Text.Json;

namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>
/// Chooses <c>tokenizer.ggml.pre</c> for a byte-level BPE tokenizer. llama.cpp's converter hashes the token ids the
/// Hugging Face tokenizer produces for a probe text; we cannot run that tokenizer, so we read what decides those ids —
/// tokenizer.json's pre_tokenizer (split regexes, ByteLevel and Digits settings) — and map it through
/// <see cref="Table"/> to the name llama.cpp gives that pre-tokenizer. An unknown pre-tokenizer is an error, as in
/// llama.cpp: guessing would silently tokenize differently from the model's training.
/// </summary>
internal static class PreTokenizerDetector
{
    /// <summary>GPT-2's split pattern, applied by a ByteLevel pre-tokenizer with use_regex = true.</summary>
    public const string Gpt2Regex = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    public const string Llama3Regex = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    public const string Qwen2Regex = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";


    /// <summary>Mistral's tekken split pattern (Mistral Nemo), as llama.cpp quotes it from tokenizer.json.</summary>
    public const string TekkenRegex = "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /// <summary>OpenAI's o200k split pattern (llama.cpp's "gpt-4o"; Phi-4-mini uses it).</summary>
    public const string Gpt4oRegex = "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /// <summary>
    /// Canonical pre-tokenizer signatures (see <see cref="Signature"/>) and llama.cpp's names for them. Where llama.cpp
    /// has several names for one behaviour (starcoder/refact/smollm, gpt-2/mpt/olmo) the model type picks one.
    /// </summary>
    public static readonly IReadOnlyList<(string Signature, string Name)> Table =
    [
        ("ByteLevel(regex)", "gpt-2"),
        ($"Split({Llama3Regex})+ByteLevel", "llama-bpe"),
        ($"Split({Qwen2Regex})+ByteLevel", "qwen2"),
        ($"Split({TekkenRegex})+ByteLevel", "tekken"),
        ($"Split({Gpt4oRegex})+ByteLevel", "gpt-4o"),
        ("Digits(individual)+ByteLevel(regex)", "starcoder"),
        ("Punctuation+ByteLevel(regex)+Digits+Split([0-9][0-9][0-9])", "falcon"),
    ];

    /// <summary>llama.cpp's name for the pre-tokenizer of tokenizer.json (<paramref name="preTokenizer"/>, may be null).</summary>
    public static string Detect(JsonElement? preTokenizer, string? modelType)
    {
        if (preTokenizer is not { ValueKind: JsonValueKind.Object } element)
        {
            throw new UnsupportedTokenizerException(
                "tokenizer.json has no pre_tokenizer; llama.cpp has no byte-level BPE pre-tokenizer for that. " + KnownList());
        }

        var signature = Signature(element);
        foreach (var (known, name) in Table)
        {
            if (known == signature)
            {
                return Refine(name, modelType);
            }
        }

        throw new UnsupportedTokenizerException(
            $"The BPE pre-tokenizer '{signature}' in tokenizer.json is not one llama.cpp knows, so the model could not be tokenized " +
            "as it was trained. " + KnownList());
    }

    /// <summary>
    /// A canonical text for a pre_tokenizer: its steps joined by '+', each as Kind(detail). Offsets-only settings
    /// (trim_offsets) and settings that do not change the split are left out; add_prefix_space is included when true.
    /// </summary>
    public static string Signature(JsonElement preTokenizer)
    {
        var steps = new List<string>();
        Collect(preTokenizer, steps);
        return string.Join('+', steps);
    }

    private static void Collect(JsonElement step, List<string> steps)
    {
        var type = step.String("type") ?? "?";
        switch (type)
        {
            case "Sequence":
                if (step.Property("pretokenizers") is { ValueKind: JsonValueKind.Array } items)
                {
                    foreach (var item in items.EnumerateArray())
                    {
                        Collect(item, steps);
                    }
                }

                break;
            case "ByteLevel":
                var text = new StringBuilder("ByteLevel");
                var details = new List<string>();
                if (step.Bool("use_regex") ?? true)
                {
                    details.Add("regex");
                }

                if (step.Bool("add_prefix_space") == true)
                {
                    details.Add("prefix-space");
                }

                if (details.Count > 0)
                {
                    text.Append('(').AppendJoin(',', details).Append(')');
                }

                steps.Add(text.ToString());
                break;
            case "Split":
                var pattern = step.Property("pattern") is { } p ? p.String("Regex") ?? p.String("String") : null;
                var behavior = step.String("behavior");
                var invert = step.Bool("invert") == true;
                var suffix = (behavior is null or "Isolated" ? string.Empty : $",{behavior}") + (invert ? ",invert" : string.Empty);
                steps.Add($"Split({pattern}{suffix})");
                break;
            case "Digits":
                steps.Add(step.Bool("individual_digits") == true ? "Digits(individual)" : "Digits");
                break;
            default:
                steps.Add(type);
                break;
        }
    }

    private static string Refine(string name, string? modelType) => (name, modelType) switch
    {
        // Same split rules, llama.cpp keeps one name per model family.
        ("starcoder", "llama") => "smollm",
        ("starcoder", "gpt_refact") => "refact",
        ("gpt-2", "mpt") => "mpt",
        ("gpt-2", "olmo") => "olmo",
        _ => name,
    };

    private static string KnownList() =>
        "Known pre-tokenizers: " + string.Join(", ", Table.Select(t => t.Name).Append("smollm").Append("refact").Append("mpt").Append("olmo")) + ".";
}
