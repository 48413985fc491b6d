using System.Text.Json.Nodes;

namespace Synapse.Models.Conversion.Architectures;

/// <summary>
/// What a sentence-transformers model directory says about its embeddings: <c>modules.json</c>'s Pooling module
/// (its <c>config.json</c> names mean, CLS or last-token pooling, as <c>_try_set_pooling_type</c> reads it) and
/// whether a Normalize module follows. Writes <c>{arch}.pooling_type</c> like llama.cpp and, since llama.cpp has no
/// key for it, Synapse's own <c>synapse.embedding.normalize</c>, which the engine applies after pooling.
/// </summary>
internal static class SentenceTransformersPooling
{
    public const string NormalizeKey = "synapse.embedding.normalize";

    /// <summary>The pooling and normalisation, or null when the directory is not a sentence-transformers model.</summary>
    public static (PoolingType Pooling, bool Normalize)? Read(string modelDirectory)
    {
        var modulesPath = Path.Combine(modelDirectory, "modules.json");
        if (!File.Exists(modulesPath))
        {
            return null;
        }

        if (Parse(modulesPath) is not JsonArray modules)
        {
            throw new InvalidDataException($"{modulesPath} is not a JSON list of modules.");
        }

        string? poolingPath = null;
        var normalize = false;
        foreach (var module in modules.OfType<JsonObject>())
        {
            var type = module["type"]?.GetValue<string>() ?? "";
            if (type.EndsWith("Pooling", StringComparison.Ordinal) && poolingPath is null)
            {
                poolingPath = module["path"]?.GetValue<string>() ?? "";
            }
            else if (type.EndsWith("Normalize", StringComparison.Ordinal))
            {
                normalize = true;
            }
        }

        if (poolingPath is null)
        {
            return null;
        }

        var configPath = Path.Combine(modelDirectory, poolingPath, "config.json");
        if (!File.Exists(configPath))
        {
            throw new InvalidDataException($"modules.json names a Pooling module at '{poolingPath}' but {configPath} does not exist.");
        }

        var config = Parse(configPath) as JsonObject ?? throw new InvalidDataException($"{configPath} is not a JSON object.");
        bool Flag(string key) => config[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        var mode = config["pooling_mode"] is JsonValue m && m.TryGetValue<string>(out var s) ? s : null;
        var pooling = Flag("pooling_mode_mean_tokens") ? PoolingType.Mean
            : Flag("pooling_mode_cls_token") ? PoolingType.Cls
            : Flag("pooling_mode_lasttoken") ? PoolingType.Last
            : mode switch
            {
                "mean" => PoolingType.Mean,
                "cls" => PoolingType.Cls,
                "lasttoken" => PoolingType.Last,
                _ => throw new NotSupportedException($"{configPath}: only mean, CLS and last-token pooling convert (llama.cpp has no other)."),
            };
        return (pooling, normalize);
    }

    /// <summary>Writes the pooling keys where the directory has them.</summary>
    public static void Write(ConversionContext context, GgufKeys keys, Gguf.GgufMetadata metadata)
    {
        if (Read(context.ModelDirectory) is { } found)
        {
            keys.UInt32("pooling_type", (int)found.Pooling);
            metadata.Set(NormalizeKey, Gguf.GgufValue.Of(found.Normalize));
        }
    }

    private static JsonNode? Parse(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {ex.Message}", ex);
        }
    }
}
