#pragma warning disable OPENAI001 // Seed is experimental in the SDK.
using System.Net;
using System.Text;
using OpenAI.Chat;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Chat;

/// <summary>
/// The generated random-weight chat model (byte-level BPE): its output is random bytes, often invalid UTF-8. The
/// node must still answer 200 with well-formed JSON (U+FFFD where a character is broken), streaming or not.
/// </summary>
public sealed class RandomModelTests
{
    [Fact]
    public async Task RandomBytesNeverBreakTheJsonOrCauseA500()
    {
        await using var host = await NodeHost.StartAsync(Synapse.Testing.TestModels.TinyChatModelPath, ["--ctx-size", "512", "--parallel", "2"]);
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 64, Temperature = 1.5f, Seed = 42 };
        var whole = (await host.Chat().CompleteChatAsync([new UserChatMessage("Say something random.")], options)).Value;
        Assert.InRange(whole.Usage.OutputTokenCount, 1, 64);
        if (whole.FinishReason == ChatFinishReason.Length)
        {
            Assert.Equal(64, whole.Usage.OutputTokenCount);
        }

        var streamed = new StringBuilder();
        await foreach (var update in host.Chat().CompleteChatStreamingAsync([new UserChatMessage("Say something random.")], options))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }
        }

        Assert.Equal(whole.Content.Count == 0 ? "" : whole.Content[0].Text, streamed.ToString());

        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = "x", max_tokens = 64, ignore_eos = true, temperature = 2, seed = 3 }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(64, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }
}
