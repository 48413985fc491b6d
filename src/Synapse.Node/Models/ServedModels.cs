using Synapse.Engine;
using Synapse.Node.Configuration;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Models;

namespace Synapse.Node.Models;

/// <summary>
/// The ids this node answers to: MODEL_NAME and the aliases. A request without <c>model</c> (or with an empty
/// one) gets the served model, as llama-server does; one naming anything else gets 404 <c>model_not_found</c>.
/// </summary>
public sealed class ServedModels(NodeOptions options, IInferenceEngine engine)
{
    public const string OwnedBy = "synapse";

    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    // Computed once: NodeOptions.ServedModelIds builds a new list on every read, and Resolve runs per request.
    public IReadOnlyList<string> Ids { get; } = options.ServedModelIds;

    /// <summary>The id to echo in answers: the one the client named, else the model name.</summary>
    public string Resolve(string? requested)
    {
        if (string.IsNullOrEmpty(requested))
        {
            return options.ModelName;
        }

        foreach (var id in Ids)
        {
            if (string.Equals(id, requested, StringComparison.Ordinal))
            {
                return id;
            }
        }

        throw ApiError.ModelNotFound(requested, Ids);
    }

    public Model? Find(string id) =>
        Ids.Contains(id, StringComparer.Ordinal) ? Describe(id, Created()) : null;

    public ModelList List()
    {
        var created = Created();
        return new() { Data = Ids.Select(id => Describe(id, created)).ToList() };
    }

    private static Model Describe(string id, long created) => new()
    {
        Id = id,
        Created = created,
        OwnedBy = OwnedBy,
    };

    /// <summary>The model file's time, else the node's start.</summary>
    private long Created()
    {
        var path = engine.IsReady ? engine.Model.Path : options.ModelName;
        return File.Exists(path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeSeconds() : _created;
    }
}
