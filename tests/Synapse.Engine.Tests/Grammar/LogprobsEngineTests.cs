using Synapse.Engine.Generation;
using Synapse.Engine.Sampling;
using Synapse.Engine.Tests.Infrastructure;
using Synapse.Testing.Llama;

namespace Synapse.Engine.Tests.Grammar;

/// <summary>Token and prompt logprobs, and logit bias, on the random-weight tiny model against llama.cpp run directly.</summary>
public sealed class LogprobsEngineTests
{
    private const int Steps = 8;

    private static string ModelPath => Synapse.Testing.TestModels.TinyChatModelPath;

    [Fact]
    public async Task Greedy_logprobs_are_the_log_softmax_of_llama_cpps_own_logits()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath, contextSize: 256);
        var prompt = engine.Tokenize("The little cat", addSpecial: false, parseSpecial: false);
        await using var handle = await engine.SubmitAsync(new GenerationRequest
        {
            PromptTokens = prompt,
            Sampling = new SamplingOptions { Temperature = 0 },
            MaxTokens = Steps,
            IgnoreEos = true,
            Logprobs = 5,
        }, CancellationToken.None);
        await EngineTestHelpers.CollectAsync(handle);
        var tokens = new List<TokenLogprob>();
        await foreach (var token in handle.Logprobs.ReadAllAsync())
        {
            tokens.Add(token);
        }

        using var runner = new LlamaRunner(ModelPath);
        var reference = runner.RunGreedy(prompt, Steps, keepLogitSteps: Steps, contextSize: 256, float32Cache: false);
        Assert.Equal(Steps, tokens.Count);
        Assert.Equal(reference.Ids, tokens.Select(t => t.Token));
        for (var step = 0; step < Steps; step++)
        {
            var logits = reference.Logits[step];
            var max = logits.Max();
            var logSum = Math.Log(logits.Sum(l => Math.Exp(l - max))) + max;
            var token = tokens[step];
            Assert.Equal(logits[token.Token] - logSum, token.Logprob, 2e-3);
            Assert.Equal(5, token.Top.Count);
            Assert.Equal(token.Token, token.Top[0].Token);
            Assert.True(token.Top.Zip(token.Top.Skip(1)).All(p => p.First.Logprob >= p.Second.Logprob), "most likely first");
            Assert.True(token.Top.Sum(t => Math.Exp(t.Logprob)) <= 1 + 1e-5, "probabilities sum to at most 1");
            foreach (var alternative in token.Top)
            {
                Assert.Equal(logits[alternative.Token] - logSum, alternative.Logprob, 2e-3);
            }
        }
    }

    [Fact]
    public async Task Prompt_logprobs_give_one_entry_per_prompt_token_without_generating()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath, contextSize: 256, prefillChunk: 4);
        var prompt = engine.Tokenize("A prompt read in chunks of four tokens", addSpecial: false, parseSpecial: false);
        var (text, result) = await EngineTestHelpers.GenerateAsync(engine, new GenerationRequest
        {
            PromptTokens = prompt,
            MaxTokens = 0,
            Logprobs = 1,
            PromptLogprobs = true,
        });

        Assert.Equal("", text);
        Assert.Equal(0, result.CompletionTokens);
        var entries = result.PromptLogprobs!;
        Assert.Equal(prompt.Length, entries.Count);
        Assert.Null(entries[0]);
        using var runner = new LlamaRunner(ModelPath);
        for (var i = 1; i < prompt.Length; i++)
        {
            Assert.Equal(prompt[i], entries[i]!.Token);
            Assert.True(entries[i]!.Logprob <= 0);
            Assert.Single(entries[i]!.Top);

            // The entry is the logprob of token i after the tokens before it: llama.cpp's next-token logits there.
            var logits = runner.RunGreedy(prompt[..i], 1, keepLogitSteps: 1, contextSize: 256, float32Cache: false).Logits[0];
            var max = logits.Max();
            var logSum = Math.Log(logits.Sum(l => Math.Exp(l - max))) + max;
            Assert.Equal(logits[prompt[i]] - logSum, entries[i]!.Logprob, 2e-3);
        }
    }

    [Fact]
    public async Task A_ban_removes_the_greedy_token_and_a_large_bias_forces_one()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var prompt = engine.Tokenize("bias", addSpecial: false, parseSpecial: false);
        var plain = await FirstTokenAsync(engine, prompt, null);
        var banned = await FirstTokenAsync(engine, prompt, new Dictionary<int, float> { [plain] = -100 });
        Assert.NotEqual(plain, banned);
        var forced = await FirstTokenAsync(engine, prompt, new Dictionary<int, float> { [300] = 100 });
        Assert.Equal(300, forced);
    }

    private static async Task<int> FirstTokenAsync(IInferenceEngine engine, int[] prompt, Dictionary<int, float>? bias)
    {
        await using var handle = await engine.SubmitAsync(new GenerationRequest
        {
            PromptTokens = prompt,
            Sampling = new SamplingOptions { Temperature = 0, LogitBias = bias },
            MaxTokens = 1,
            IgnoreEos = true,
            Logprobs = 0,
        }, CancellationToken.None);
        await EngineTestHelpers.CollectAsync(handle);
        Assert.True(handle.Logprobs.TryRead(out var token));
        return token.Token;
    }
}
