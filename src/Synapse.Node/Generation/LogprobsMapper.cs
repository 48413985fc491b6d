using System.Text;
using Synapse.Engine.Generation;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Completions;

namespace Synapse.Node.Generation;

/// <summary>The engine's token logprobs in OpenAI's two shapes: chat's <c>content</c> list and legacy completions' parallel lists.</summary>
public static class LogprobsMapper
{
    /// <summary>JSON has no -∞; vLLM writes this for a token of probability 0.</summary>
    private const double Floor = -9999.0;

    public static ChatChoiceLogprobs Chat(IReadOnlyList<TokenLogprob> tokens)
    {
        var content = new List<ChatTokenLogprob>(tokens.Count);
        foreach (var token in tokens)
        {
            var top = new List<ChatTopLogprob>(token.Top.Count);
            foreach (var alternative in token.Top)
            {
                top.Add(new ChatTopLogprob { Token = Text(alternative.Bytes), Logprob = Value(alternative.Logprob), Bytes = Bytes(alternative.Bytes) });
            }

            content.Add(new ChatTokenLogprob { Token = Text(token.Bytes), Logprob = Value(token.Logprob), Bytes = Bytes(token.Bytes), TopLogprobs = top });
        }

        return new ChatChoiceLogprobs { Content = content };
    }

    /// <summary>
    /// Legacy logprobs over <paramref name="prompt"/> (with echo: its entries, the first null, and the prompt's token
    /// ids to name the first) then the generated <paramref name="tokens"/>; offsets count characters of the choice's text
    /// from <paramref name="startOffset"/>.
    /// </summary>
    public static CompletionLogprobs Completion(
        IReadOnlyList<TokenLogprob?>? prompt, IReadOnlyList<int>? promptTokens, Func<int, string> tokenText,
        IReadOnlyList<TokenLogprob> tokens, int startOffset)
    {
        var result = new CompletionLogprobs();
        var offset = startOffset;
        if (prompt is not null && promptTokens is not null)
        {
            for (var i = 0; i < prompt.Count; i++)
            {
                var entry = prompt[i];
                var text = entry is null ? tokenText(promptTokens[i]) : Text(entry.Bytes);
                Add(result, text, entry, ref offset);
            }
        }

        foreach (var token in tokens)
        {
            Add(result, Text(token.Bytes), token, ref offset);
        }

        return result;
    }

    private static void Add(CompletionLogprobs result, string text, TokenLogprob? entry, ref int offset)
    {
        result.Tokens.Add(text);
        result.TextOffset.Add(offset);
        offset += text.Length;
        if (entry is null)
        {
            result.TokenLogprobs.Add(null);
            result.TopLogprobs.Add(null);
            return;
        }

        result.TokenLogprobs.Add(Value(entry.Logprob));
        var top = new Dictionary<string, double>(entry.Top.Count, StringComparer.Ordinal);
        foreach (var alternative in entry.Top)
        {
            // Two tokens may print alike (a byte each of one character): the likelier keeps the key.
            top.TryAdd(Text(alternative.Bytes), Value(alternative.Logprob));
        }

        result.TopLogprobs.Add(top);
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static List<int> Bytes(byte[] bytes) => [.. bytes.Select(b => (int)b)];

    private static double Value(float logprob) => float.IsFinite(logprob) ? Math.Max(logprob, Floor) : Floor;
}
