namespace Synapse.Bench.Http;

/// <summary>Which OpenAI API the load goes to: chat completions, or legacy completions to compare cost per token.</summary>
public enum BenchEndpoint
{
    Chat,
    Completions,
}
