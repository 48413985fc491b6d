using System.Text.Json.Serialization;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Serialization;

namespace Synapse.OpenAI.Completions;

/// <summary>
/// A legacy completion, <c>"object": "text_completion"</c>. OpenAI streams the same shape: each SSE event is a
/// Completion with the new text, the final usage event has empty <c>choices</c>.
/// </summary>
public sealed class Completion : IStreamUsage
{
    public const string ObjectType = "text_completion";

    public string Id { get; set; } = "";
    public string Object { get; set; } = ObjectType;
    public long Created { get; set; }
    public string Model { get; set; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? SystemFingerprint { get; set; }

    public List<CompletionChoice> Choices { get; set; } = [];

    /// <summary>Set on a non-streaming answer and the final usage event; see <see cref="IncludeUsage"/>.</summary>
    public Usage? Usage { get; set; }

    /// <summary>A stream event of a request with <c>stream_options.include_usage</c>: writes <c>"usage": null</c> until set.</summary>
    [JsonIgnore]
    public bool IncludeUsage { get; set; }
}
