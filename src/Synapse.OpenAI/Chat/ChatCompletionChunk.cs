using System.Text.Json.Serialization;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Serialization;

namespace Synapse.OpenAI.Chat;

/// <summary>
/// One SSE event of a streaming chat answer, <c>"object": "chat.completion.chunk"</c>. The final usage chunk has
/// empty <c>choices</c> and <c>usage</c> set.
/// </summary>
public sealed class ChatCompletionChunk : IStreamUsage
{
    public const string ObjectType = "chat.completion.chunk";

    public string Id { get; set; } = "";
    public string Object { get; set; } = ObjectType;
    public long Created { get; set; }
    public string Model { get; set; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? SystemFingerprint { get; set; }

    public List<ChatCompletionChunkChoice> Choices { get; set; } = [];

    /// <summary>Written when set; written as <c>null</c> when <see cref="IncludeUsage"/> and not set; omitted otherwise.</summary>
    public Usage? Usage { get; set; }

    /// <summary>The request asked for <c>stream_options.include_usage</c>: write <c>"usage": null</c> on every chunk, as OpenAI.</summary>
    [JsonIgnore]
    public bool IncludeUsage { get; set; }
}
