namespace Synapse.Models.Gguf;

/// <summary>
/// A tokenizer in llama.cpp's vocabulary model: what a GGUF stores as <c>tokenizer.ggml.*</c> and
/// <c>tokenizer.chat_template</c>. The converter imports Hugging Face tokenizers into it
/// (<c>HfTokenizerImporter</c>, as <c>convert_hf_to_gguf.py</c> does); the test-model generators describe theirs with it.
/// </summary>
public sealed class GgufTokenizer
{
    /// <summary><c>tokenizer.ggml.model</c>: "gpt2" (byte-level BPE) or "llama" (SentencePiece).</summary>
    public required string Model { get; init; }

    /// <summary><c>tokenizer.ggml.pre</c>: llama.cpp's pre-tokenizer name (BPE only; "default" for SentencePiece).</summary>
    public string? Pre { get; init; }

    public required IReadOnlyList<string> Tokens { get; init; }

    /// <summary>Token scores (SentencePiece); null where llama.cpp writes none (byte-level BPE).</summary>
    public IReadOnlyList<float>? Scores { get; init; }

    public required IReadOnlyList<LlamaTokenType> TokenTypes { get; init; }

    /// <summary>BPE merges as "left right"; empty when the model has none.</summary>
    public IReadOnlyList<string> Merges { get; init; } = [];

    public int? BosTokenId { get; init; }

    public int? EosTokenId { get; init; }

    public int? UnkTokenId { get; init; }

    public int? SepTokenId { get; init; }

    public int? PadTokenId { get; init; }

    public int? MaskTokenId { get; init; }

    public int? ClsTokenId { get; init; }

    /// <summary>End-of-turn token (<c>tokenizer.ggml.eot_token_id</c>) where the converter sets one.</summary>
    public int? EotTokenId { get; init; }

    /// <summary>End-of-message token (<c>tokenizer.ggml.eom_token_id</c>) where the converter sets one.</summary>
    public int? EomTokenId { get; init; }

    /// <summary>
    /// Every id that ends generation (<c>generation_config.json</c>'s eos_token_id list plus EOS/EOT/EOM). Informational:
    /// llama.cpp at the commit LLamaSharp 0.30.0 binds derives its end-of-generation set from token texts and these ids.
    /// </summary>
    public IReadOnlyList<int> EndOfGenerationTokenIds { get; init; } = [];

    public bool? AddBos { get; init; }

    public bool? AddEos { get; init; }

    public bool? AddSep { get; init; }

    /// <summary><c>tokenizer.ggml.add_space_prefix</c> (SentencePiece normalizer add_dummy_prefix), where written.</summary>
    public bool? AddSpacePrefix { get; init; }

    /// <summary><c>tokenizer.ggml.token_type_count</c>: BERT's token-type (segment) vocabulary, where written.</summary>
    public int? TokenTypeCount { get; init; }

    /// <summary>The default chat template (<c>tokenizer.chat_template</c>).</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>Further named templates (<c>tokenizer.chat_template.NAME</c>), e.g. "tool_use".</summary>
    public IReadOnlyDictionary<string, string> NamedChatTemplates { get; init; } = new Dictionary<string, string>();

    /// <summary>Writes the tokenizer keys llama.cpp's converter writes, replacing any present.</summary>
    public void WriteTo(GgufMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (TokenTypeCount is { } typeCount)
        {
            metadata.Set("tokenizer.ggml.token_type_count", GgufValue.Of((uint)typeCount));
        }

        metadata.Set("tokenizer.ggml.model", GgufValue.Of(Model));
        if (Pre is not null)
        {
            metadata.Set("tokenizer.ggml.pre", GgufValue.Of(Pre));
        }

        metadata.Set("tokenizer.ggml.tokens", GgufValue.Of(Tokens.ToArray()));
        if (Scores is not null)
        {
            metadata.Set("tokenizer.ggml.scores", GgufValue.Of(Scores.ToArray()));
        }

        metadata.Set("tokenizer.ggml.token_type", GgufValue.Of(TokenTypes.Select(t => (int)t).ToArray()));
        if (Merges.Count > 0)
        {
            metadata.Set("tokenizer.ggml.merges", GgufValue.Of(Merges.ToArray()));
        }

        SetId(metadata, "bos", BosTokenId);
        SetId(metadata, "eos", EosTokenId);
        SetId(metadata, "unknown", UnkTokenId);
        SetId(metadata, "seperator", SepTokenId);
        SetId(metadata, "padding", PadTokenId);
        SetId(metadata, "cls", ClsTokenId);
        SetId(metadata, "mask", MaskTokenId);
        SetId(metadata, "eot", EotTokenId);
        SetId(metadata, "eom", EomTokenId);
        SetFlag(metadata, "tokenizer.ggml.add_bos_token", AddBos);
        SetFlag(metadata, "tokenizer.ggml.add_eos_token", AddEos);
        SetFlag(metadata, "tokenizer.ggml.add_sep_token", AddSep);
        SetFlag(metadata, "tokenizer.ggml.add_space_prefix", AddSpacePrefix);
        if (ChatTemplate is not null)
        {
            metadata.Set("tokenizer.chat_template", GgufValue.Of(ChatTemplate));
        }

        foreach (var (name, template) in NamedChatTemplates)
        {
            metadata.Set($"tokenizer.chat_template.{name}", GgufValue.Of(template));
        }

        if (NamedChatTemplates.Count > 0)
        {
            metadata.Set("tokenizer.chat_templates", GgufValue.Of(NamedChatTemplates.Keys.ToArray()));
        }
    }

    private static void SetId(GgufMetadata metadata, string name, int? id)
    {
        if (id is { } value)
        {
            metadata.Set($"tokenizer.ggml.{name}_token_id", GgufValue.Of((uint)value));
        }
    }

    private static void SetFlag(GgufMetadata metadata, string key, bool? flag)
    {
        if (flag is { } value)
        {
            metadata.Set(key, GgufValue.Of(value));
        }
    }
}
