namespace Synapse.OpenAI.Common;

/// <summary><c>stream_options</c>; only allowed with <c>stream: true</c>, as OpenAI.</summary>
public sealed class StreamOptions
{
    /// <summary>Send a final chunk with <c>usage</c> and empty <c>choices</c>; every other chunk then carries <c>"usage": null</c>.</summary>
    public bool? IncludeUsage { get; set; }
}
