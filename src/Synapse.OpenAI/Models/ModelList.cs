namespace Synapse.OpenAI.Models;

/// <summary><c>{"object": "list", "data": [...]}</c></summary>
public sealed class ModelList
{
    public string Object { get; set; } = "list";
    public List<Model> Data { get; set; } = [];
}
