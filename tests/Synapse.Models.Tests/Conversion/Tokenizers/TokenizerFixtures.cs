using System.Text.Json.Nodes;
using Synapse.Testing;

namespace Synapse.Models.Tests.Conversion.Tokenizers;

/// <summary>
/// The real tokenizer folders in ../shared/fixtures/tokenizers, paired with llama.cpp's vocab GGUFs. llama.cpp
/// converted whole model repositories; where the fixture folder lacks a file the converter read (config.json), the
/// case copies it into a scratch folder with the values of that model's published config.json.
/// </summary>
internal sealed class TokenizerFixtures : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "synapse-tok-" + Guid.NewGuid().ToString("N"));

    public static readonly string[] Names = ["gpt-2", "llama-spm", "phi-3", "falcon"];

    public static string VocabPath(string name) => Fixtures.Require($"tokenizers/ggml-vocab/ggml-vocab-{name}.gguf");

    /// <summary>A model directory holding the real tokenizer files of <paramref name="name"/> (and a config.json where needed).</summary>
    public string ModelDirectory(string name)
    {
        switch (name)
        {
            case "llama-spm":
                return Fixtures.Require("tokenizers/meta-llama-Llama-2");
            case "gpt-2":
                // openai-community/gpt2's config.json is the one the tiny-gpt2 fixture carries (bos/eos 50256).
                return Compose(name, Fixtures.Require("tokenizers/openai-community-gpt2"), File.ReadAllText(Fixtures.Require("models/tiny-gpt2/config.json")));
            case "phi-3":
                // The keys of microsoft/Phi-3-mini-4k-instruct's config.json the converter reads.
                return Compose(name, Fixtures.Require("tokenizers/microsoft-Phi-3-mini-4k-instruct"), new JsonObject
                {
                    ["model_type"] = "phi3",
                    ["architectures"] = new JsonArray("Phi3ForCausalLM"),
                    ["vocab_size"] = 32064,
                    ["bos_token_id"] = 1,
                    ["eos_token_id"] = 32000,
                    ["pad_token_id"] = 32000,
                }.ToJsonString());
            case "falcon":
                // The keys of tiiuae/falcon-7b's config.json the converter reads.
                return Compose(name, Fixtures.Require("tokenizers/tiiuae-falcon-7b"), new JsonObject
                {
                    ["model_type"] = "falcon",
                    ["vocab_size"] = 65024,
                    ["bos_token_id"] = 11,
                    ["eos_token_id"] = 11,
                }.ToJsonString());
            case "qwen2":
                // Qwen3's tokenizer files (Qwen2/2.5's base vocabulary and merges) under the keys of
                // Qwen/Qwen2.5-0.5B-Instruct's config.json the converter reads: Synapse's default model.
                return Compose(name, Fixtures.Require("tokenizers/Qwen-Qwen3"), new JsonObject
                {
                    ["model_type"] = "qwen2",
                    ["architectures"] = new JsonArray("Qwen2ForCausalLM"),
                    ["vocab_size"] = 151936,
                    ["bos_token_id"] = 151643,
                    ["eos_token_id"] = 151645,
                }.ToJsonString());
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    private string Compose(string name, string source, string configJson)
    {
        var target = Path.Combine(_scratch, name);
        if (Directory.Exists(target))
        {
            return target;
        }

        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(target, "config.json"), configJson);
        return target;
    }
}
