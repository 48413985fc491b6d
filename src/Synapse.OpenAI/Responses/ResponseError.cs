namespace Synapse.OpenAI.Responses;

/// <summary>A failed response's <c>error</c>: one of OpenAI's response error codes (<c>server_error</c>, ...) and a message.</summary>
public sealed class ResponseError
{
    public string Code { get; set; } = "server_error";
    public string Message { get; set; } = "";
}
