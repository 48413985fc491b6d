using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Generation;

/// <summary>Many clients at once on one model: continuous batching seen from HTTP.</summary>
[Collection(RealNodeCollection.Name)]
public sealed class ConcurrencyTests(RealNodeFixture fixture)
{
    [Fact]
    public async Task EightConcurrentSdkStreamsAllCompleteWithCorrectUsage()
    {
        var host = await fixture.GetAsync();
        var tasks = Enumerable.Range(0, 8).Select(async i =>
        {
            var question = $"Tell me story number {i} about a dog.";
            var updates = new List<StreamingChatCompletionUpdate>();
            var text = new StringBuilder();
            await foreach (var update in host.Chat().CompleteChatStreamingAsync([new UserChatMessage(question)],
                               new ChatCompletionOptions { MaxOutputTokenCount = 24, Temperature = 0.7f }))
            {
                updates.Add(update);
                foreach (var part in update.ContentUpdate)
                {
                    text.Append(part.Text);
                }
            }

            var expectedPrompt = PromptProbe.PromptTokens(host, ("user", question));
            return (updates, text.ToString(), expectedPrompt);
        }).ToList();

        foreach (var (updates, text, expectedPrompt) in await Task.WhenAll(tasks))
        {
            var finish = Assert.Single(updates, u => u.FinishReason is not null).FinishReason;
            var usage = updates[^1].Usage;
            Assert.NotNull(usage);
            Assert.Equal(expectedPrompt, usage.InputTokenCount);
            var deltas = updates.Count(u => u.ContentUpdate.Count > 0 && u.ContentUpdate[0].Text.Length > 0);
            Assert.InRange(deltas, 0, usage.OutputTokenCount);
            Assert.InRange(usage.OutputTokenCount, 1, 24);
            if (finish == ChatFinishReason.Length)
            {
                Assert.Equal(24, usage.OutputTokenCount);
            }
        }
    }

    [Fact]
    public async Task EightConcurrentRawStreamsCountEveryToken()
    {
        var host = await fixture.GetAsync();
        var tasks = Enumerable.Range(0, 8).Select(i => Sse.PostStreamAsync(host.Http, "/v1/chat/completions", Sse.Json(new
        {
            messages = new[] { new { role = "user", content = $"Story {i}" } },
            max_tokens = 20 + i, ignore_eos = true, stream = true, stream_options = new { include_usage = true },
        }))).ToList();
        var results = await Task.WhenAll(tasks);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].Done);
            Assert.Equal(20 + i, results[i].Events[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
            Assert.Equal("length", results[i].Events[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        }
    }
}
