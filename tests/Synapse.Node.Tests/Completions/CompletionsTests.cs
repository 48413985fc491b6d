using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Synapse.Node.Prompting;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Completions;

/// <summary>Legacy <c>/v1/completions</c> on the real engine over raw HTTP (the .NET SDK has no legacy completions).</summary>
[Collection(RealNodeCollection.Name)]
public sealed class CompletionsTests(RealNodeFixture fixture)
{
    private static int Tokens(NodeHost host, string text) => host.Services.GetRequiredService<PromptTokenizer>().Tokenize(text).Length;

    [Fact]
    public async Task StringPrompt()
    {
        var host = await fixture.GetAsync();
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { model = host.Model, prompt = "Once upon a time", max_tokens = 6, ignore_eos = true }));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text_completion", body.GetProperty("object").GetString());
        Assert.StartsWith("cmpl-", body.GetProperty("id").GetString(), StringComparison.Ordinal);
        var choice = Assert.Single(body.GetProperty("choices").EnumerateArray());
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.NotEmpty(choice.GetProperty("text").GetString()!);
        Assert.Equal(Tokens(host, "Once upon a time"), body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(6, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task ListOfStringsGivesOneChoicePerPromptTimesN()
    {
        var host = await fixture.GetAsync();
        string[] prompts = ["Once upon a time", "The dog"];
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = prompts, max_tokens = 4, ignore_eos = true, n = 2 }));
        Assert.Equal(200, (int)response.StatusCode);
        var choices = body.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3], choices.Select(c => c.GetProperty("index").GetInt32()));
        Assert.Equal(Tokens(host, prompts[0]) + Tokens(host, prompts[1]), body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(16, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task TokenIdPromptsContinueLikeTheirText()
    {
        var host = await fixture.GetAsync();
        var tokens = host.Services.GetRequiredService<PromptTokenizer>().Tokenize("Once upon a time");
        var fromText = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = "Once upon a time", max_tokens = 8, temperature = 0, ignore_eos = true }));
        var fromTokens = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = tokens, max_tokens = 8, temperature = 0, ignore_eos = true }));
        Assert.Equal(200, (int)fromTokens.Response.StatusCode);
        Assert.Equal(fromText.Body.GetProperty("choices")[0].GetProperty("text").GetString(), fromTokens.Body.GetProperty("choices")[0].GetProperty("text").GetString());
        Assert.Equal(tokens.Length, fromTokens.Body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());

        var lists = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = new[] { tokens, tokens[..3] }, max_tokens = 3, temperature = 0, ignore_eos = true }));
        Assert.Equal(200, (int)lists.Response.StatusCode);
        Assert.Equal(2, lists.Body.GetProperty("choices").GetArrayLength());
        Assert.Equal(tokens.Length + 3, lists.Body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());

        var (bad, body) = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = new[] { 1, 99_999_999 } }));
        Assert.Equal(400, (int)bad.StatusCode);
        Sse.AssertEnvelope(body, "integer_above_max_value", "prompt[1]");
    }

    [Fact]
    public async Task StreamingCompletionsMatchNonStreaming()
    {
        var host = await fixture.GetAsync();
        var whole = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = new[] { "Once upon a time", "The dog" }, max_tokens = 10, temperature = 0, ignore_eos = true }));
        var stream = await Sse.PostStreamAsync(host.Http, "/v1/completions", Sse.Json(new
        {
            prompt = new[] { "Once upon a time", "The dog" }, max_tokens = 10, temperature = 0, ignore_eos = true,
            stream = true, stream_options = new { include_usage = true },
        }));
        Assert.Equal(200, (int)stream.Status);
        Assert.True(stream.Done);
        var texts = new[] { new StringBuilder(), new StringBuilder() };
        foreach (var e in stream.Events[..^1])
        {
            Assert.Equal("text_completion", e.GetProperty("object").GetString());
            var choice = Assert.Single(e.GetProperty("choices").EnumerateArray());
            texts[choice.GetProperty("index").GetInt32()].Append(choice.GetProperty("text").GetString());
        }

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(whole.Body.GetProperty("choices")[i].GetProperty("text").GetString(), texts[i].ToString());
        }

        Assert.Equal(2, stream.Events.Count(e => e.GetProperty("choices").EnumerateArray().Any(c => c.GetProperty("finish_reason").ValueKind == JsonValueKind.String)));
        var usage = stream.Events[^1].GetProperty("usage");
        Assert.Equal(whole.Body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(20, usage.GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task EchoRepeatsThePrompt()
    {
        var host = await fixture.GetAsync();
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = "Once upon a time", max_tokens = 0, echo = true }));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Once upon a time", body.GetProperty("choices")[0].GetProperty("text").GetString());
        Assert.Equal(0, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());

        (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = "Once upon a time", max_tokens = 3, echo = true, ignore_eos = true }));
        Assert.StartsWith("Once upon a time", body.GetProperty("choices")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }
}
