namespace Synapse.OpenAI.Responses;

/// <summary><c>text</c>: the output's format (and OpenAI's <c>verbosity</c>, which only its own models read).</summary>
public sealed class ResponseText
{
    public ResponseTextFormat? Format { get; set; }
    public string? Verbosity { get; set; }
}
