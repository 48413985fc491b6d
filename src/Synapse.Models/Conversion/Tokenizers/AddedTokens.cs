using System.Globalization;
using System.Text.Json;

namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>
/// The added tokens a Hugging Face tokenizer knows: tokenizer.json's added_tokens, overridden per id by
/// tokenizer_config.json's added_tokens_decoder (transformers loads the latter on top of the former).
/// </summary>
internal static class AddedTokens
{
    public static SortedDictionary<int, AddedToken> Read(HfModelDirectory directory)
    {
        var result = new SortedDictionary<int, AddedToken>();
        foreach (var token in FromTokenizerJson(directory))
        {
            result[token.Id] = token;
        }

        foreach (var token in FromTokenizerConfig(directory))
        {
            result[token.Id] = token;
        }

        return result;
    }

    public static IEnumerable<AddedToken> FromTokenizerJson(HfModelDirectory directory)
    {
        if (directory.TokenizerJsonRoot?.Property("added_tokens") is not { ValueKind: JsonValueKind.Array } list)
        {
            yield break;
        }

        foreach (var item in list.EnumerateArray())
        {
            var id = item.Int("id") ?? throw new InvalidDataException("tokenizer.json: an added token has no integer 'id'.");
            var content = item.String("content") ?? throw new InvalidDataException($"tokenizer.json: added token {id} has no 'content'.");
            yield return new AddedToken(id, content, item.Bool("special") ?? false, item.Bool("normalized") ?? true);
        }
    }

    public static IEnumerable<AddedToken> FromTokenizerConfig(HfModelDirectory directory)
    {
        if (directory.TokenizerConfig?.Property("added_tokens_decoder") is not { ValueKind: JsonValueKind.Object } decoder)
        {
            yield break;
        }

        foreach (var entry in decoder.EnumerateObject())
        {
            if (!int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                throw new InvalidDataException($"tokenizer_config.json: added_tokens_decoder key '{entry.Name}' is not a token id.");
            }

            var content = entry.Value.String("content") ?? throw new InvalidDataException($"tokenizer_config.json: added token {id} has no 'content'.");
            yield return new AddedToken(id, content, entry.Value.Bool("special") ?? false, entry.Value.Bool("normalized") ?? true);
        }
    }

    /// <summary>
    /// llama.cpp's <c>does_token_look_special</c>: some models mark control tokens as not special (command-r,
    /// deepseek-coder, gemma), so tokens shaped like &lt;|x|&gt; or &lt;unusedN&gt; count as control tokens anyway.
    /// </summary>
    public static bool LooksSpecial(string token) =>
        token is "<pad>" or "<mask>" or "<2mass>" or "[@BOS@]"
        || (token.StartsWith("<|", StringComparison.Ordinal) && token.EndsWith("|>", StringComparison.Ordinal))
        || (token.StartsWith("<\uFF5C", StringComparison.Ordinal) && token.EndsWith("\uFF5C>", StringComparison.Ordinal))
        || (token.StartsWith("<unused", StringComparison.Ordinal) && token.EndsWith('>'));
}
