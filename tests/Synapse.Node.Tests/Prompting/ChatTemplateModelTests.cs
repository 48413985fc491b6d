using Microsoft.Extensions.Logging;
using OpenAI.Chat;
using Synapse.Models.Conversion;
using Synapse.Models.Gguf;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Templates;
using Synapse.Testing;

namespace Synapse.Node.Tests.Prompting;

/// <summary>
/// End to end on real models: the node answers a multi-turn conversation, and the prompt it fed the model (as its
/// renderer produced it) is exactly the model's own GGUF template rendered independently here. A new model is one more
/// test calling <see cref="AssertFeedsTemplateRenderingAsync"/> (the converted fixture model comes later).
/// </summary>
public sealed class ChatTemplateModelTests
{
    [Fact]
    public Task Tiny_chat_model_is_fed_its_template_rendering() =>
        AssertFeedsTemplateRenderingAsync(TestModel.Path);

    [Fact]
    public Task Stories260K_is_fed_its_template_rendering() =>
        AssertFeedsTemplateRenderingAsync(Fixtures.Require(Path.Combine("models", "stories260K.gguf")));

    /// <summary>A Hugging Face fixture converted by Synapse itself: its tokenizer_config.json template travels into the GGUF.</summary>
    [Fact]
    public async Task Converted_qwen2_fixture_is_fed_its_template_rendering()
    {
        var source = Fixtures.Require(Path.Combine("models", "tiny-qwen2"));
        var directory = Directory.CreateTempSubdirectory("synapse-converted-");
        try
        {
            var gguf = Path.Combine(directory.FullName, "tiny-qwen2-F16.gguf");
            await HfToGgufConverter.ConvertAsync(source, gguf, ModelQuantization.F16, progress: null, CancellationToken.None);
            using (var config = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(source, "tokenizer_config.json"))))
            {
                Assert.Equal(config.RootElement.GetProperty("chat_template").GetString(), GgufChatMetadata.Read(gguf).ChatTemplate);
            }

            await AssertFeedsTemplateRenderingAsync(gguf);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    internal static async Task AssertFeedsTemplateRenderingAsync(string modelPath)
    {
        var metadata = GgufChatMetadata.Read(modelPath);
        Assert.False(string.IsNullOrEmpty(metadata.ChatTemplate), $"{modelPath} has no tokenizer.chat_template");

        var logs = new LogCollector();
        var prompts = new PromptRecorder();
        await using var host = await NodeHost.StartAsync(modelPath, ["--parallel", "1", "--ctx-size", "512", "--threads", "2"],
            environment: new Dictionary<string, string?> { ["Logging__LogLevel__Synapse.Node.Prompting"] = "Debug" },
            configureServices: services =>
            {
                logs.Register(services);
                prompts.Register(services);
            });

        var conversation = new List<(string Role, string Content)>
        {
            ("system", "You tell short stories."),
            ("user", "Once upon a time"),
            ("assistant", "there was a little cat."),
            ("user", "What did the cat do?"),
        };
        var sdkMessages = conversation.Select(m => m.Role switch
        {
            "system" => (ChatMessage)new SystemChatMessage(m.Content),
            "assistant" => new AssistantChatMessage(m.Content),
            _ => new UserChatMessage(m.Content),
        }).ToList();

        var completion = (await host.Chat().CompleteChatAsync(sdkMessages, new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0 })).Value;
        Assert.NotEmpty(completion.Content[0].Text);

        var expected = ChatTemplate.Parse(metadata.ChatTemplate!).Render(new ChatTemplateInput
        {
            Messages = conversation.Select(m => new Dictionary<string, object?> { ["role"] = m.Role, ["content"] = m.Content }).ToList<object?>(),
            BosToken = metadata.BosToken,
            EosToken = metadata.EosToken,
        });
        Assert.Contains(logs.Entries, e => e.Message.StartsWith("Chat template: the model's own", StringComparison.Ordinal));
        Assert.Equal(expected, Assert.Single(prompts.Prompts));
        var logged = Assert.Single(logs.Entries, e => e.Level == LogLevel.Debug && e.Message.StartsWith("Rendered prompt", StringComparison.Ordinal));
        Assert.DoesNotContain("little cat", logged.Message, StringComparison.Ordinal);
        Assert.Equal(PromptProbe.PromptTokens(host, [.. conversation]), completion.Usage.InputTokenCount);
    }
}
