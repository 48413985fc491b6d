using System.Text.RegularExpressions;
using Synapse.OpenAI.Errors;

namespace Synapse.Node.Responses;

/// <summary>
/// A Responses request is answered through the chat path; an error that path raises names a chat field
/// (<c>response_format.json_schema.schema</c>, <c>tools[0].function.parameters</c>, <c>messages</c>). This renames it
/// to the field the client sent (<c>text.format.schema</c>, <c>tools[0].parameters</c>, <c>input</c>).
/// </summary>
internal static partial class ResponseChatParams
{
    public static ApiError Rename(ApiError error)
    {
        if (error.Param is not { } param || Map(param) is not { } renamed || renamed == param)
        {
            return error;
        }

        return new ApiError(error.StatusCode, error.Message.Replace(param, renamed, StringComparison.Ordinal), error.Type, renamed, error.Code)
        {
            RetryAfterSeconds = error.RetryAfterSeconds,
        };
    }

    private static string? Map(string param)
    {
        if (param == "messages" || param.StartsWith("messages[", StringComparison.Ordinal))
        {
            return "input";
        }

        if (param.StartsWith("response_format", StringComparison.Ordinal))
        {
            return "text.format" + param["response_format".Length..].Replace(".json_schema", "", StringComparison.Ordinal);
        }

        if (param == "max_completion_tokens")
        {
            return "max_output_tokens";
        }

        if (param == "tool_choice.function.name")
        {
            return "tool_choice.name";
        }

        return ToolFunctionField().Replace(param, "$1");
    }

    [GeneratedRegex(@"^(tools\[\d+\])\.function")]
    private static partial Regex ToolFunctionField();
}
