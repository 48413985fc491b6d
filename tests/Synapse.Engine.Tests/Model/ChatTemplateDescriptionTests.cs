using Synapse.Engine.Tests.Infrastructure;
using Synapse.Models.Gguf;

namespace Synapse.Engine.Tests.Model;

/// <summary>The model's template reaches the description as written (the node renders it), or null when it has none.</summary>
public sealed class ChatTemplateDescriptionTests
{
    [Theory]
    [InlineData("{{ raise_exception('a template llama.cpp does not know') }}")]
    [InlineData(null)]
    public async Task An_unknown_or_missing_template_is_described_as_it_is(string? template)
    {
        var path = Path.Combine(Path.GetTempPath(), $"synapse-engine-template-{Guid.NewGuid():N}.gguf");
        try
        {
            RewriteWithTemplate(Synapse.Testing.TestModels.TinyChatModelPath, path, template);
            await using var engine = await EngineTestHelpers.LoadAsync(path);

            Assert.Equal(template, engine.Model.ChatTemplate);
            // A template llama.cpp cannot read does not keep the model from serving.
            var (_, result) = await EngineTestHelpers.GenerateAsync(engine, new Generation.GenerationRequest { PromptTokens = engine.Tokenize("Hi", true, false), MaxTokens = 2, IgnoreEos = true });
            Assert.Equal(2, result.CompletionTokens);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_recognised_template_is_described_as_the_model_wrote_it()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(Synapse.Testing.TestModels.TinyChatModelPath);
        Assert.Contains("<|im_start|>", engine.Model.ChatTemplate, StringComparison.Ordinal);
    }

    private static void RewriteWithTemplate(string source, string destination, string? template)
    {
        using var reader = GgufReader.Open(source);
        var metadata = reader.File.Metadata;
        if (template is null)
        {
            metadata.Remove("tokenizer.chat_template");
        }
        else
        {
            metadata.Set("tokenizer.chat_template", GgufValue.Of(template));
        }

        using var writer = GgufWriter.Create(destination, metadata);
        foreach (var tensor in reader.File.Tensors)
        {
            writer.AddTensor(tensor.Name, tensor.Dimensions, tensor.Type);
        }

        writer.WriteHeader();
        foreach (var tensor in reader.File.Tensors)
        {
            writer.WriteTensorData(reader.ReadTensorBytes(tensor));
        }

        writer.Finish();
    }
}
