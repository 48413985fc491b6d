namespace Synapse.Node.Telemetry;

/// <summary>The OpenTelemetry GenAI semantic-convention attributes the node's spans carry (never prompt or output text).</summary>
public static class GenAiAttributes
{
    public const string OperationName = "gen_ai.operation.name";
    public const string System = "gen_ai.system";
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string RequestMaxTokens = "gen_ai.request.max_tokens";
    public const string RequestTemperature = "gen_ai.request.temperature";
    public const string RequestTopP = "gen_ai.request.top_p";
    public const string UsageInputTokens = "gen_ai.usage.input_tokens";
    public const string UsageOutputTokens = "gen_ai.usage.output_tokens";
    public const string ResponseFinishReasons = "gen_ai.response.finish_reasons";

    /// <summary>The provider name Synapse reports: the node serves the model itself.</summary>
    public const string Provider = "synapse";

    public const string Chat = "chat";
    public const string TextCompletion = "text_completion";
}
