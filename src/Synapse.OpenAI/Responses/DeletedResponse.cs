namespace Synapse.OpenAI.Responses;

/// <summary><c>DELETE /v1/responses/{id}</c>'s answer.</summary>
public sealed class DeletedResponse
{
    public string Id { get; set; } = "";
    public string Object { get; set; } = "response";
    public bool Deleted { get; set; } = true;
}
