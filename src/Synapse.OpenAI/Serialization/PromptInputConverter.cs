using System.Text.Json;
using System.Text.Json.Serialization;
using Synapse.OpenAI.Completions;

namespace Synapse.OpenAI.Serialization;

/// <summary>
/// <c>prompt</c>: a string, an array of strings, an array of token ids, or an array of arrays of token ids. The
/// first element decides which array form it is; an element of another kind is a type error at its index.
/// </summary>
public sealed class PromptInputConverter : JsonConverter<PromptInput>
{
    private const string Expected = "one of a string, array of strings, array of integers, or array of arrays of integers";

    public override PromptInput Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return PromptInput.FromText(reader.GetString()!);
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonTypeMismatchException(Expected, JsonKinds.Describe(ref reader));

        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray) return PromptInput.FromTexts([]);

        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var texts = new List<string>();
                do
                {
                    if (reader.TokenType != JsonTokenType.String)
                        throw new JsonTypeMismatchException("a string", JsonKinds.Describe(ref reader), $"[{texts.Count}]");
                    texts.Add(reader.GetString()!);
                } while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);
                return PromptInput.FromTexts(texts);

            case JsonTokenType.Number:
                return PromptInput.FromTokens(ReadTokens(ref reader, ""));

            case JsonTokenType.StartArray:
                var lists = new List<IReadOnlyList<int>>();
                do
                {
                    if (reader.TokenType != JsonTokenType.StartArray)
                        throw new JsonTypeMismatchException("an array of integers", JsonKinds.Describe(ref reader), $"[{lists.Count}]");
                    reader.Read();
                    lists.Add(ReadTokens(ref reader, $"[{lists.Count}]"));
                } while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);
                return PromptInput.FromTokenLists(lists);

            default:
                throw new JsonTypeMismatchException(Expected, "an array of " + Plural(JsonKinds.Describe(ref reader)));
        }
    }

    /// <summary>Reads token ids from the current token (the first element, or the closing bracket) to the end of the array.</summary>
    private static List<int> ReadTokens(ref Utf8JsonReader reader, string path)
    {
        var tokens = new List<int>();
        for (; reader.TokenType != JsonTokenType.EndArray; reader.Read())
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var id))
                throw new JsonTypeMismatchException("an integer", JsonKinds.Describe(ref reader), $"{path}[{tokens.Count}]");
            tokens.Add(id);
        }
        return tokens;
    }

    private static string Plural(string kind) => kind switch
    {
        "a boolean" => "booleans",
        "an object" => "objects",
        "null" => "nulls",
        _ => kind,
    };

    public override void Write(Utf8JsonWriter writer, PromptInput value, JsonSerializerOptions options)
    {
        switch (value.Kind)
        {
            case PromptKind.String:
                writer.WriteStringValue(value.Texts[0]);
                break;
            case PromptKind.StringList:
                writer.WriteStartArray();
                foreach (var t in value.Texts) writer.WriteStringValue(t);
                writer.WriteEndArray();
                break;
            case PromptKind.TokenList:
                WriteTokens(writer, value.TokenLists[0]);
                break;
            default:
                writer.WriteStartArray();
                foreach (var list in value.TokenLists) WriteTokens(writer, list);
                writer.WriteEndArray();
                break;
        }
    }

    private static void WriteTokens(Utf8JsonWriter writer, IReadOnlyList<int> tokens)
    {
        writer.WriteStartArray();
        foreach (var t in tokens) writer.WriteNumberValue(t);
        writer.WriteEndArray();
    }
}
