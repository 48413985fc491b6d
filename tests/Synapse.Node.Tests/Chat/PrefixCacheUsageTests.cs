using System.Net;
using OpenAI.Chat;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Chat;

/// <summary>
/// <c>usage.prompt_tokens_details.cached_tokens</c> through the official OpenAI .NET SDK (chat, streamed and not) and
/// on legacy completions, with the prefix cache on and off, on the generated tiny chat model.
/// </summary>
public sealed class PrefixCacheUsageTests
{
    private static readonly ChatCompletionOptions Greedy = new() { MaxOutputTokenCount = 8, Temperature = 0 };

    private static List<ChatMessage> Conversation(params string[] turns)
    {
        List<ChatMessage> messages = [new SystemChatMessage("You are a helpful assistant who answers in short sentences about animals and the weather.")];
        for (var i = 0; i < turns.Length; i++)
        {
            messages.Add(i % 2 == 0 ? new UserChatMessage(turns[i]) : new AssistantChatMessage(turns[i]));
        }

        return messages;
    }

    [Fact]
    public async Task A_second_turn_reports_its_first_turn_as_cached_through_the_sdk()
    {
        await using var host = await NodeHost.StartAsync(Synapse.Testing.TestModels.TinyChatModelPath, ["--ctx-size", "512", "--parallel", "2"]);
        var chat = host.Chat();

        var first = (await chat.CompleteChatAsync(Conversation("Tell me about cats."), Greedy)).Value;
        var answer = first.Content.Count == 0 ? "" : first.Content[0].Text;
        var second = (await chat.CompleteChatAsync(Conversation("Tell me about cats.", answer, "And dogs?"), Greedy)).Value;

        Assert.Equal(0, first.Usage.InputTokenDetails.CachedTokenCount);
        // The system prompt and the first user message at least: the template renders them the same in both turns.
        Assert.InRange(second.Usage.InputTokenDetails.CachedTokenCount, 20, second.Usage.InputTokenCount - 1);

        // The same conversation streamed: everything but the last prompt token is cached, in the usage chunk.
        ChatTokenUsage? streamedUsage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(Conversation("Tell me about cats.", answer, "And dogs?"), Greedy))
        {
            streamedUsage = update.Usage ?? streamedUsage;
        }

        Assert.NotNull(streamedUsage);
        Assert.Equal(second.Usage.InputTokenCount, streamedUsage.InputTokenCount);
        Assert.Equal(streamedUsage.InputTokenCount - 1, streamedUsage.InputTokenDetails.CachedTokenCount);

        // Legacy completions report it too.
        var (_, once) = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = "The weather today is sunny and warm, and", max_tokens = 4, temperature = 0 }));
        var (response, again) = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = "The weather today is sunny and warm, and", max_tokens = 4, temperature = 0 }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var usage = again.GetProperty("usage");
        // A fresh prompt reuses at most the BOS token it shares with what a slot holds.
        Assert.InRange(once.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32(), 0, 1);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() - 1, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
    }

    [Fact]
    public async Task With_the_cache_off_nothing_is_reported_cached()
    {
        await using var host = await NodeHost.StartAsync(Synapse.Testing.TestModels.TinyChatModelPath, ["--ctx-size", "512", "--parallel", "2", "--prefix-cache", "false"]);
        var chat = host.Chat();

        await chat.CompleteChatAsync(Conversation("Tell me about cats."), Greedy);
        var again = (await chat.CompleteChatAsync(Conversation("Tell me about cats."), Greedy)).Value;

        Assert.Equal(0, again.Usage.InputTokenDetails.CachedTokenCount);
    }
}
