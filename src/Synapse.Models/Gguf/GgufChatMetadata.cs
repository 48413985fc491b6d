namespace Synapse.Models.Gguf;

/// <summary>What a chat template needs from a GGUF: the template text and the BOS/EOS token texts (null when the model has none).</summary>
public sealed record GgufChatMetadata(string? ChatTemplate, string? BosToken, string? EosToken)
{
    public const string ChatTemplateKey = "tokenizer.chat_template";

    public static GgufChatMetadata Read(GgufMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var template = metadata.GetStringOrNull(ChatTemplateKey);
        string[]? tokens = metadata.TryGetValue("tokenizer.ggml.tokens", out var list) ? list.AsArray().AsStrings() : null;
        return new GgufChatMetadata(template, Token(metadata, tokens, "tokenizer.ggml.bos_token_id"), Token(metadata, tokens, "tokenizer.ggml.eos_token_id"));
    }

    public static GgufChatMetadata Read(string path) => Read(GgufReader.ReadFile(path).Metadata);

    private static string? Token(GgufMetadata metadata, string[]? tokens, string key)
    {
        if (tokens is null || !metadata.TryGetValue(key, out var value))
        {
            return null;
        }

        var id = value.AsInt64();
        return id >= 0 && id < tokens.Length ? tokens[id] : null;
    }
}
