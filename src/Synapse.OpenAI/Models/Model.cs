namespace Synapse.OpenAI.Models;

/// <summary>An entry of <c>GET /v1/models</c>, and the answer of <c>GET /v1/models/{id}</c>.</summary>
public sealed class Model
{
    public const string ObjectType = "model";

    public string Id { get; set; } = "";
    public string Object { get; set; } = ObjectType;

    /// <summary>Unix seconds.</summary>
    public long Created { get; set; }

    public string OwnedBy { get; set; } = "";
}
