using System.ClientModel;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Chat;

#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK.

/// <summary>Chat completions on the real engine, driven by the official OpenAI .NET SDK.</summary>
[Collection(RealNodeCollection.Name)]
public sealed class ChatCompletionsTests(RealNodeFixture fixture)
{
    private static readonly ChatMessage[] Story = [new SystemChatMessage("You tell short stories."), new UserChatMessage("Tell me about a little cat.")];

    [Fact]
    public async Task NonStreamingChatAnswersWithExactUsageAndOpenAIShape()
    {
        var host = await fixture.GetAsync();
        var result = await host.Chat().CompleteChatAsync(Story, new ChatCompletionOptions { MaxOutputTokenCount = 24, Temperature = 0 });
        var completion = result.Value;

        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.Equal(host.Model, completion.Model);
        Assert.StartsWith("fp_synapse_", completion.SystemFingerprint, StringComparison.Ordinal);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.InRange(completion.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Contains(completion.FinishReason, new[] { ChatFinishReason.Stop, ChatFinishReason.Length });
        Assert.NotEmpty(completion.Content[0].Text);

        var expectedPrompt = PromptProbe.PromptTokens(host, ("system", "You tell short stories."), ("user", "Tell me about a little cat."));
        Assert.Equal(expectedPrompt, completion.Usage.InputTokenCount);
        Assert.InRange(completion.Usage.OutputTokenCount, 1, 24);
        if (completion.FinishReason == ChatFinishReason.Length)
        {
            Assert.Equal(24, completion.Usage.OutputTokenCount);
        }

        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task StreamingChatSendsRoleThenContentThenFinishThenUsage()
    {
        var host = await fixture.GetAsync();
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 24, Temperature = 0 };
        var streamed = new StringBuilder();
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in host.Chat().CompleteChatStreamingAsync(Story, options))
        {
            updates.Add(update);
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }
        }

        Assert.Equal(ChatMessageRole.Assistant, updates[0].Role);
        Assert.All(updates, u => Assert.StartsWith("chatcmpl-", u.CompletionId, StringComparison.Ordinal));
        Assert.Single(updates.Select(u => u.CompletionId).Distinct());
        var finish = Assert.Single(updates, u => u.FinishReason is not null);
        var usage = updates[^1].Usage;
        Assert.NotNull(usage);
        Assert.True(updates.IndexOf(finish) < updates.Count - 1, "the usage chunk comes after the finish chunk");

        var whole = (await host.Chat().CompleteChatAsync(Story, options)).Value;
        Assert.Equal(whole.Content[0].Text, streamed.ToString());
        Assert.Equal(whole.FinishReason, finish.FinishReason);
        Assert.Equal(whole.Usage.InputTokenCount, usage.InputTokenCount);
        Assert.Equal(whole.Usage.OutputTokenCount, usage.OutputTokenCount);
    }

    [Fact]
    public async Task GreedyDecodingIsDeterministic()
    {
        var host = await fixture.GetAsync();
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 32, Temperature = 0 };
        var first = (await host.Chat().CompleteChatAsync(Story, options)).Value.Content[0].Text;
        var second = (await host.Chat().CompleteChatAsync(Story, options)).Value.Content[0].Text;
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task SameSeedGivesSameTextAtTemperature08()
    {
        var host = await fixture.GetAsync();
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 32, Temperature = 0.8f, Seed = 1234 };
        var first = (await host.Chat().CompleteChatAsync(Story, options)).Value.Content[0].Text;
        var second = (await host.Chat().CompleteChatAsync(Story, options)).Value.Content[0].Text;
        Assert.Equal(first, second);

        // And the seed matters: among a few other seeds at least one gives another text.
        var others = new List<string>();
        foreach (var seed in new long[] { 1, 2, 3, 4 })
        {
            others.Add((await host.Chat().CompleteChatAsync(Story, new ChatCompletionOptions { MaxOutputTokenCount = 32, Temperature = 0.8f, Seed = seed })).Value.Content[0].Text);
        }

        Assert.Contains(others, o => o != first);
    }

    [Fact]
    public async Task StopStringEndsTheTextBeforeIt()
    {
        var host = await fixture.GetAsync();
        var free = (await host.Chat().CompleteChatAsync(Story, new ChatCompletionOptions { MaxOutputTokenCount = 48, Temperature = 0 })).Value.Content[0].Text;
        Assert.True(free.Length > 12, $"the model wrote too little to cut: '{free}'");
        var stop = free.Substring(free.Length / 2, 3);
        var expected = free[..free.IndexOf(stop, StringComparison.Ordinal)];

        var options = new ChatCompletionOptions { MaxOutputTokenCount = 48, Temperature = 0 };
        options.StopSequences.Add(stop);
        options.StopSequences.Add("never-appears-1");
        var cut = (await host.Chat().CompleteChatAsync(Story, options)).Value;
        Assert.Equal(expected, cut.Content.Count == 0 ? "" : cut.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, cut.FinishReason);

        var streamed = new StringBuilder();
        await foreach (var update in host.Chat().CompleteChatStreamingAsync(Story, options))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }
        }

        Assert.Equal(expected, streamed.ToString());
    }

    [Fact]
    public async Task MaxTokensGivesFinishReasonLength()
    {
        var host = await fixture.GetAsync();
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", Sse.Json(new
        {
            model = host.Model,
            messages = new[] { new { role = "user", content = "Tell me a story." } },
            max_tokens = 5,
            ignore_eos = true,
            temperature = 0,
        }));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("length", body.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(5, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());

        var sdk = (await host.Chat().CompleteChatAsync(Story, new ChatCompletionOptions { MaxOutputTokenCount = 1, Temperature = 0 })).Value;
        Assert.Equal(1, sdk.Usage.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, sdk.FinishReason);
    }

    [Fact]
    public async Task UnknownFieldsAreIgnoredAndAliasesAndAbsentModelAreServed()
    {
        var host = await fixture.GetAsync();
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", """
            {"model": "org/tiny-alias", "messages": [{"role": "user", "content": "Hi", "x_extra": 1}],
             "max_tokens": 3, "some_future_field": {"nested": [1, 2, 3]}, "metadata": {"a": "b"}, "store": false}
            """);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("org/tiny-alias", body.GetProperty("model").GetString());

        (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", """{"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 2}""");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(host.Model, body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task NChoicesAreIndexedAndUsageSumsCompletionTokens()
    {
        var host = await fixture.GetAsync();
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", Sse.Json(new
        {
            messages = new[] { new { role = "user", content = "Tell me a story." } },
            max_tokens = 6, ignore_eos = true, n = 3, seed = 7, temperature = 0.9,
        }));
        Assert.Equal(200, (int)response.StatusCode);
        var choices = body.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], choices.Select(c => c.GetProperty("index").GetInt32()));
        Assert.Equal(18, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        var single = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", Sse.Json(new
        {
            messages = new[] { new { role = "user", content = "Tell me a story." } }, max_tokens = 6, ignore_eos = true,
        }));
        Assert.Equal(single.Body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task RawStreamIsServerSentEventsEndingWithDone()
    {
        var host = await fixture.GetAsync();
        var result = await Sse.PostStreamAsync(host.Http, "/v1/chat/completions", Sse.Json(new
        {
            messages = new[] { new { role = "user", content = "Tell me a story." } },
            max_tokens = 8, ignore_eos = true, stream = true, stream_options = new { include_usage = true },
        }));
        Assert.Equal(200, (int)result.Status);
        Assert.Equal("text/event-stream", result.MediaType);
        Assert.True(result.NoCache);
        Assert.True(result.Done);
        var first = result.Events[0].GetProperty("choices")[0].GetProperty("delta");
        Assert.Equal("assistant", first.GetProperty("role").GetString());
        Assert.Equal("", first.GetProperty("content").GetString());
        Assert.All(result.Events, e => Assert.Equal("chat.completion.chunk", e.GetProperty("object").GetString()));
        Assert.All(result.Events[..^1], e => Assert.Equal(JsonValueKind.Null, e.GetProperty("usage").ValueKind));
        var last = result.Events[^1];
        Assert.Empty(last.GetProperty("choices").EnumerateArray());
        Assert.Equal(8, last.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal("length", result.Events[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task ContextOverflowAnswers400WithTheNumbers()
    {
        var host = await fixture.GetAsync();
        var longText = string.Join(' ', Enumerable.Repeat("the little cat sat on the mat", 200));
        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            host.Chat().CompleteChatAsync([new UserChatMessage(longText)], new ChatCompletionOptions { MaxOutputTokenCount = 8 }));
        Assert.Equal(400, error.Status);

        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", Sse.Json(new
        {
            messages = new[] { new { role = "user", content = longText } },
        }));
        Assert.Equal(400, (int)response.StatusCode);
        Sse.AssertEnvelope(body, "context_length_exceeded", "messages");
        Assert.Contains(RealNodeFixture.ContextSize.ToString(System.Globalization.CultureInfo.InvariantCulture), body.GetProperty("error").GetProperty("message").GetString()!, StringComparison.Ordinal);

        (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", Sse.Json(new
        {
            messages = new[] { new { role = "user", content = "Hi" } }, max_tokens = RealNodeFixture.ContextSize,
        }));
        Assert.Equal(400, (int)response.StatusCode);
        Sse.AssertEnvelope(body, "context_length_exceeded", "messages");

        // Still serving.
        Assert.NotEmpty((await host.Chat().CompleteChatAsync(Story, new ChatCompletionOptions { MaxOutputTokenCount = 4 })).Value.Id);
    }
}
