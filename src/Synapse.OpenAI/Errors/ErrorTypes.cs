namespace Synapse.OpenAI.Errors;

/// <summary>The <c>type</c> values OpenAI uses in its error envelope.</summary>
public static class ErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Server = "server_error";
}
