namespace Synapse.OpenAI.Validation;

/// <summary>
/// What this server accepts beyond OpenAI's own ranges. Bound from configuration by the node. A feature the server
/// cannot honour is refused with a 400 naming the parameter rather than silently ignored.
/// </summary>
public sealed class RequestLimits
{
    /// <summary>Most choices per request (<c>n</c>). OpenAI allows <see cref="SamplingLimits.MaxN"/>; every choice takes a sequence slot here, so 16.</summary>
    public int MaxN { get; set; } = 16;

    /// <summary>Most stop strings, as OpenAI; never more than <see cref="SamplingLimits.MaxStopSequences"/>.</summary>
    public int MaxStopSequences { get; set; } = SamplingLimits.MaxStopSequences;

    /// <summary>Most prompts in one legacy completions request (<c>prompt</c> as a list).</summary>
    public int MaxPrompts { get; set; } = 64;

    /// <summary>Whether a request must name its model, as OpenAI requires.</summary>
    public bool RequireModel { get; set; } = true;

    /// <summary><c>logprobs</c>/<c>top_logprobs</c> are produced.</summary>
    public bool SupportsLogprobs { get; set; }

    /// <summary><c>tools</c> and a forcing <c>tool_choice</c> are honoured.</summary>
    public bool SupportsTools { get; set; }

    /// <summary><c>response_format</c> <c>json_object</c>/<c>json_schema</c> are honoured.</summary>
    public bool SupportsStructuredOutput { get; set; }

    /// <summary><c>logit_bias</c> is honoured.</summary>
    public bool SupportsLogitBias { get; set; }
}
