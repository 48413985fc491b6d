using Synapse.Engine.Model;
using Synapse.Models.Gguf;

namespace Synapse.Engine.Tests;

public sealed class ChatTemplateFallbackTests
{
    [Theory]
    [InlineData("{{ raise_exception('a template llama.cpp does not know') }}")]
    [InlineData(null)]
    public async Task An_unknown_or_missing_template_falls_back_to_chatml(string? template)
    {
        var path = Path.Combine(Path.GetTempPath(), $"synapse-engine-template-{Guid.NewGuid():N}.gguf");
        try
        {
            RewriteWithTemplate(Synapse.Testing.TestModels.TinyChatModelPath, path, template);
            await using var engine = await EngineTestHelpers.LoadAsync(path);

            Assert.Equal(template, engine.Model.ChatTemplate);
            Assert.Equal("chatml", engine.ChatTemplateSource);
            Assert.Equal("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
                engine.ApplyChatTemplate([new ChatTurn("user", "Hi")], addAssistantPrompt: true));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_recognised_template_is_the_model_own()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(Synapse.Testing.TestModels.TinyChatModelPath);
        Assert.Equal("model", engine.ChatTemplateSource);
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
