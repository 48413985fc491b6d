using System.Text.Json;
using System.Text.Json.Nodes;

namespace Synapse.Models.Conversion;

/// <summary>
/// A model's <c>config.json</c>. Multimodal configs keep the language model's settings under <c>text_config</c>;
/// those are merged over the top level, as convert_hf_to_gguf.py does.
/// </summary>
internal sealed class HfModelConfig
{
    public const string FileName = "config.json";

    private readonly JsonObject _root;

    private HfModelConfig(JsonObject root, string architecture)
    {
        _root = root;
        Architecture = architecture;
    }

    /// <summary>The first entry of <c>architectures</c> ("LlamaForCausalLM"), or the model_type when that is absent.</summary>
    public string Architecture { get; }

    public static HfModelConfig Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{FileName} not found in {directory}: not a Hugging Face model directory.", path);
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true }) as JsonObject
                ?? throw new InvalidDataException($"{path} is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {ex.Message}", ex);
        }

        var modelType = root["model_type"] is JsonValue mt && mt.TryGetValue<string>(out var m) ? m : null;
        var architecture = root["architectures"] is JsonArray { Count: > 0 } list && list[0] is JsonValue first
            && first.TryGetValue<string>(out var a) ? a : modelType;
        if (string.IsNullOrEmpty(architecture))
        {
            throw new InvalidDataException($"{FileName} names no architecture (neither 'architectures' nor 'model_type').");
        }

        var merged = (JsonObject)root.DeepClone();
        if (root["text_config"] is JsonObject text)
        {
            foreach (var (key, value) in text)
            {
                merged[key] = value?.DeepClone();
            }
        }

        return new HfModelConfig(merged, architecture);
    }

    /// <summary>
    /// The config with <paramref name="defaults"/> filled in where it says nothing: transformers' config classes supply
    /// such defaults when llama.cpp's converter loads a config, and multimodal text_configs rely on them.
    /// </summary>
    public HfModelConfig WithDefaults(IReadOnlyDictionary<string, double> defaults)
    {
        var root = (JsonObject)_root.DeepClone();
        foreach (var (key, value) in defaults)
        {
            if (root[key] is null)
            {
                root[key] = value;
            }
        }

        return new HfModelConfig(root, Architecture);
    }

    /// <summary>The first of <paramref name="keys"/> present (and not null) as an integer; throws when none is.</summary>
    public int GetInt(params string[] keys) =>
        GetIntOrNull(keys) ?? throw new InvalidDataException($"{FileName} lacks {string.Join(" / ", keys)}.");

    public int? GetIntOrNull(params string[] keys)
    {
        foreach (var key in keys)
        {
            if (_root[key] is JsonValue value)
            {
                return ReadNumber(key, value) is var d && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue
                    ? (int)d
                    : throw new InvalidDataException($"{FileName}: '{key}' should be an integer, got {value.ToJsonString()}.");
            }
        }

        return null;
    }

    public double GetDouble(params string[] keys) =>
        GetDoubleOrNull(keys) ?? throw new InvalidDataException($"{FileName} lacks {string.Join(" / ", keys)}.");

    public double? GetDoubleOrNull(params string[] keys)
    {
        foreach (var key in keys)
        {
            if (_root[key] is JsonValue value)
            {
                return ReadNumber(key, value);
            }
        }

        return null;
    }

    private JsonObject? GetObject(string key) => _root[key] as JsonObject;

    /// <summary>
    /// RoPE settings: <c>rope_parameters</c> (newer transformers) or <c>rope_scaling</c>, with <c>rope_theta</c> and the
    /// scaling type under "rope_type" whichever spelling the config uses. Empty when the model has none.
    /// </summary>
    public RopeParameters Rope
    {
        get
        {
            var node = GetObject("rope_parameters");
            if (node?["full_attention"] is JsonObject full)
            {
                node = full;
            }

            node ??= GetObject("rope_scaling");
            double? Number(string key) => node?[key] is JsonValue v ? ReadNumber(key, v) : null;
            var type = node?["rope_type"] ?? node?["type"];
            return new RopeParameters(
                type is JsonValue t && t.TryGetValue<string>(out var s) ? s.ToLowerInvariant() : null,
                Number("rope_theta") ?? GetDoubleOrNull("rope_theta"),
                Number("factor"),
                Number("original_max_position_embeddings"),
                Number("low_freq_factor"),
                Number("high_freq_factor"),
                Number("partial_rotary_factor") ?? GetDoubleOrNull("partial_rotary_factor"),
                node?["long_factor"] is JsonArray l ? l.Select((x, i) => (float)ReadNumber($"long_factor[{i}]", x as JsonValue)).ToArray() : null,
                node?["short_factor"] is JsonArray sf ? sf.Select((x, i) => (float)ReadNumber($"short_factor[{i}]", x as JsonValue)).ToArray() : null);
        }
    }

    private static double ReadNumber(string key, JsonValue? value) =>
        value is not null && value.GetValueKind() == JsonValueKind.Number
            ? value.GetValue<double>()
            : throw new InvalidDataException($"{FileName}: '{key}' should be a number, got {value?.ToJsonString() ?? "null"}.");
}
