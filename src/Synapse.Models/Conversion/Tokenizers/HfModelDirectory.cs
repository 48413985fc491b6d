using System.Text.Json;

namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>The parsed tokenizer-related JSON files of a Hugging Face model directory.</summary>
internal sealed class HfModelDirectory : IDisposable
{
    private readonly JsonDocument? _config;
    private readonly JsonDocument? _tokenizerJson;
    private readonly JsonDocument? _tokenizerConfig;
    private readonly JsonDocument? _generationConfig;

    public HfModelDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"Model directory '{path}' does not exist.");
        }

        Path = path;
        try
        {
            _config = TokenizerJson.TryLoad(path, "config.json");
            _tokenizerJson = TokenizerJson.TryLoad(path, "tokenizer.json");
            _tokenizerConfig = TokenizerJson.TryLoad(path, "tokenizer_config.json");
            _generationConfig = TokenizerJson.TryLoad(path, "generation_config.json");
        }
        catch
        {
            Dispose();
            throw;
        }

        Config = RootObject(_config, "config.json");
        TokenizerJsonRoot = RootObject(_tokenizerJson, "tokenizer.json");
        TokenizerConfig = RootObject(_tokenizerConfig, "tokenizer_config.json");
        GenerationConfig = RootObject(_generationConfig, "generation_config.json");
        if (Config is { } config && config.Property("text_config") is { ValueKind: JsonValueKind.Object } text)
        {
            TextConfig = text;
        }
    }

    public string Path { get; }

    public JsonElement? Config { get; }

    /// <summary>config.json's text_config (multimodal models keep the language model's settings there).</summary>
    public JsonElement? TextConfig { get; }

    public JsonElement? TokenizerJsonRoot { get; }

    public JsonElement? TokenizerConfig { get; }

    public JsonElement? GenerationConfig { get; }

    /// <summary>config.json's model_type (text_config's where present), lower case; null without config.json.</summary>
    public string? ModelType =>
        (TextConfig?.String("model_type") is { } inner && Config?.String("model_type") is not "gemma3" ? inner : Config?.String("model_type"))?.ToLowerInvariant();

    public string? TokenizerClass => TokenizerConfig?.String("tokenizer_class");

    public bool HasFile(string name) => File.Exists(System.IO.Path.Combine(Path, name));

    public string FilePath(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        _config?.Dispose();
        _tokenizerJson?.Dispose();
        _tokenizerConfig?.Dispose();
        _generationConfig?.Dispose();
    }

    private static JsonElement? RootObject(JsonDocument? document, string name)
    {
        if (document is null)
        {
            return null;
        }

        return document.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement
            : throw new InvalidDataException($"'{name}' must hold a JSON object.");
    }
}
