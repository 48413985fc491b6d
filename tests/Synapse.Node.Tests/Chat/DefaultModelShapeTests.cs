using System.Diagnostics;
using System.Net;
using Synapse.Models.Conversion;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing;
using Synapse.Testing.Llama;
using Synapse.TestModels;

namespace Synapse.Node.Tests.Chat;

/// <summary>
/// Synapse's default model end to end, with random weights: a checkpoint of Qwen/Qwen2.5-0.5B-Instruct's exact
/// configuration carrying the real Qwen tokenizer (Qwen3's tokenizer.json and chat template) is converted to Q8_0,
/// served by the node, and answers chats with thinking on and off; the prompt tokens the engine receives are
/// llama.cpp's tokenization of the rendered prompt, special tokens parsed as such. The checkpoint (494 M parameters,
/// 0.99 GB) is generated once into the test-model cache.
/// </summary>
public sealed class DefaultModelShapeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int ImStart = 151644;
    private const int ImEnd = 151645;
    private const int Think = 151667;
    private const int EndThink = 151668;

    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-qwen-e2e-").FullName;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Qwen2_5_0_5B_shape_with_the_real_tokenizer_converts_loads_and_chats_with_thinking_on_and_off()
    {
        var tokenizer = Fixtures.Require("tokenizers/Qwen-Qwen3");
        var watch = Stopwatch.StartNew();
        var checkpoint = HfCheckpoints.GetPath(HfBenchModelSpec.Qwen2_5_0_5B, tokenizer);
        var generated = watch.Elapsed;

        var gguf = Path.Combine(_dir, "qwen2.5-0.5b-shape-Q8_0.gguf");
        await HfToGgufConverter.ConvertAsync(checkpoint, gguf, ModelQuantization.Q8_0, progress: null, TestContext.Current.CancellationToken);
        var converted = watch.Elapsed;

        var prompts = new PromptRecorder();
        var tokens = new PromptTokenRecorder();
        await using (var host = await NodeHost.StartAsync(gguf, ["--ctx-size", "512", "--parallel", "1", "--threads", "2"],
            configureServices: services =>
            {
                prompts.Register(services);
                tokens.Register(services);
            }))
        {
            foreach (var thinking in new[] { false, true })
            {
                var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", Sse.Json(new
                {
                    messages = new object[] { new { role = "system", content = "Be brief." }, new { role = "user", content = "Hi there" } },
                    chat_template_kwargs = new { enable_thinking = thinking },
                    max_tokens = 3,
                    temperature = 0,
                }));
                Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
                var usage = body.GetProperty("usage");
                Assert.InRange(usage.GetProperty("completion_tokens").GetInt32(), 1, 3);
                Assert.Equal(tokens.Prompts[^1].Length, usage.GetProperty("prompt_tokens").GetInt32());
            }
        }

        var chatted = watch.Elapsed;
        output.WriteLine($"qwen2.5-0.5b shape: checkpoint {generated.TotalSeconds:F1} s (generated, or found in the cache), " +
            $"Q8_0 conversion {(converted - generated).TotalSeconds:F1} s, node start + 2 chats {(chatted - converted).TotalSeconds:F1} s");

        // Qwen3's template: thinking off closes an empty think block after the assistant header, on leaves it open.
        Assert.Equal(2, prompts.Prompts.Count);
        var (off, on) = (prompts.Prompts[0], prompts.Prompts[1]);
        Assert.StartsWith("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n", off, StringComparison.Ordinal);
        Assert.EndsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n", off, StringComparison.Ordinal);
        Assert.EndsWith("<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n", on, StringComparison.Ordinal);

        // What the engine was fed is llama.cpp's tokenization of the rendered text with special tokens parsed (no BOS:
        // Qwen adds none), through the vocabulary we converted.
        using var runner = new LlamaRunner(gguf, vocabOnly: true);
        Assert.Equal(runner.Tokenize(off, addBos: false, special: true), tokens.Prompts[0]);
        Assert.Equal(runner.Tokenize(on, addBos: false, special: true), tokens.Prompts[1]);
        Assert.Equal(3, tokens.Prompts[0].Count(t => t == ImStart));
        Assert.Equal(2, tokens.Prompts[0].Count(t => t == ImEnd));
        Assert.Equal(1, tokens.Prompts[0].Count(t => t == Think));
        Assert.Equal(1, tokens.Prompts[0].Count(t => t == EndThink));
        Assert.DoesNotContain(Think, tokens.Prompts[1]);
        Assert.Equal(151936, runner.Model.Vocab.Count);
    }
}
