using System.Text.Json.Serialization;
using Synapse.OpenAI.Common;

namespace Synapse.OpenAI.Chat;

/// <summary>A non-streaming chat answer, <c>"object": "chat.completion"</c>.</summary>
public sealed class ChatCompletion
{
    public const string ObjectType = "chat.completion";

    public string Id { get; set; } = "";
    public string Object { get; set; } = ObjectType;

    /// <summary>Unix seconds.</summary>
    public long Created { get; set; }

    public string Model { get; set; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? SystemFingerprint { get; set; }

    public List<ChatCompletionChoice> Choices { get; set; } = [];
    public Usage? Usage { get; set; }
}
