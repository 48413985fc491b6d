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

    public IReadOnlyList<string> Ids => options.ServedModelIds;

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
        Ids.Contains(id, StringComparer.Ordinal) ? Describe(id) : null;

    public ModelList List() => new() { Data = Ids.Select(Describe).ToList() };

    private Model Describe(string id) => new()
    {
        Id = id,
        Created = ModelFileTime() ?? _created,
        OwnedBy = OwnedBy,
    };

    private long? ModelFileTime()
    {
        var path = engine.IsReady ? engine.Model.Path : options.ModelName;
        return File.Exists(path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeSeconds() : null;
    }
}
