using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Synapse.Engine;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Tokenization;

/// <summary>
/// <c>/tokenize</c> and <c>/detokenize</c> against the real engine: llama.cpp's token ids, exact round trips, pieces
/// in llama-server's shape, chat messages counted exactly as the chat endpoint counts its prompt, and bad input 400.
/// </summary>
[Collection(RealNodeCollection.Name)]
public sealed class TokenizeTests(RealNodeFixture fixture)
{
    private static readonly string[] Texts =
    [
        "Hello, world!",
        " leading space and  two spaces\nand a newline",
        "Grüße, 日本語, emoji 🦙🚀 and a combining é",
        "<|im_start|>user\nspecial-token text<|im_end|>",
        "",
    ];

    [Fact]
    public async Task Token_ids_are_the_engines_and_detokenize_gives_the_text_back()
    {
        var host = await fixture.GetAsync();
        var engine = host.Services.GetRequiredService<IInferenceEngine>();
        foreach (var text in Texts)
        {
            foreach (var addSpecial in new[] { true, false })
            {
                var body = await PostOkAsync(host, "/tokenize", Sse.Json(new { content = text, add_special = addSpecial }));
                var tokens = body.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()).ToArray();
                Assert.Equal(engine.Tokenize(text, addSpecial, parseSpecial: true), tokens);
                Assert.Equal(tokens.Length, body.GetProperty("count").GetInt32());
                Assert.Equal(RealNodeFixture.ContextSize, body.GetProperty("max_model_len").GetInt32());

                var back = await PostOkAsync(host, "/detokenize", Sse.Json(new { tokens }));
                var expected = addSpecial && engine.Model.AddBos ? engine.Model.BosToken + text : text;
                Assert.Equal(expected, back.GetProperty("content").GetString());
            }
        }

        // Without parse_special, special-token text stays text (more tokens, and none of them special).
        var special = Texts[3];
        var plain = await PostOkAsync(host, "/tokenize", Sse.Json(new { prompt = special, add_special = false, parse_special = false }));
        Assert.Equal(engine.Tokenize(special, addSpecial: false, parseSpecial: false), plain.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()));
        Assert.True(plain.GetProperty("count").GetInt32() > engine.Tokenize(special, false, true).Length);
    }

    [Fact]
    public async Task Pieces_are_strings_or_bytes_and_add_up_to_the_text()
    {
        var host = await fixture.GetAsync();
        var engine = host.Services.GetRequiredService<IInferenceEngine>();
        foreach (var text in Texts)
        {
            var body = await PostOkAsync(host, "/tokenize", Sse.Json(new { content = text, add_special = false, with_pieces = true }));
            var bytes = new List<byte>();
            var ids = new List<int>();
            foreach (var token in body.GetProperty("tokens").EnumerateArray())
            {
                ids.Add(token.GetProperty("id").GetInt32());
                var piece = token.GetProperty("piece");
                if (piece.ValueKind == JsonValueKind.String)
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(piece.GetString()!));
                }
                else
                {
                    // llama-server's rule: an array only for bytes that are not valid UTF-8 on their own.
                    var raw = piece.EnumerateArray().Select(b => b.GetByte()).ToArray();
                    Assert.False(System.Text.Unicode.Utf8.IsValid(raw));
                    bytes.AddRange(raw);
                }
            }

            Assert.Equal(engine.Tokenize(text, addSpecial: false, parseSpecial: true), ids);
            Assert.Equal(Encoding.UTF8.GetBytes(text), bytes);
        }
    }

    [Fact]
    public async Task Messages_count_is_the_chat_endpoints_prompt_tokens()
    {
        var host = await fixture.GetAsync();
        var tools = new[] { new { type = "function", function = new { name = "get_forecast", description = "The forecast.", parameters = new { type = "object", properties = new { days = new { type = "integer" } } } } } };
        object[] conversations =
        [
            new { messages = new[] { new { role = "user", content = "What is the forecast?" } } },
            new { messages = new[] { new { role = "system", content = "Be brief." }, new { role = "user", content = "Grüße 🦙" } } },
            new { messages = new[] { new { role = "user", content = "Forecast?" } }, tools },
        ];
        foreach (var conversation in conversations)
        {
            var json = Sse.Json(conversation);
            var counted = await PostOkAsync(host, "/tokenize", json);
            var chat = await PostOkAsync(host, "/v1/chat/completions", json.Insert(1, "\"max_tokens\": 1, "));
            var promptTokens = chat.GetProperty("usage").GetProperty("prompt_tokens").GetInt32();
            Assert.Equal(promptTokens, counted.GetProperty("count").GetInt32());
            Assert.Equal(promptTokens, counted.GetProperty("tokens").GetArrayLength());

            // Without the generation prompt: the same conversation, its assistant header left off.
            var bare = await PostOkAsync(host, "/tokenize", json.Insert(1, "\"add_generation_prompt\": false, "));
            var withPrompt = counted.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()).ToArray();
            var without = bare.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()).ToArray();
            Assert.True(without.Length < withPrompt.Length);
            Assert.Equal(without, withPrompt[..without.Length]);
        }
    }

    [Theory]
    [InlineData("/tokenize", """{"content": "a", "messages": [{"role": "user", "content": "b"}]}""", "content")]
    [InlineData("/tokenize", """{"content": "a", "prompt": "b"}""", "prompt")]
    [InlineData("/tokenize", """{"add_special": true}""", "content")]
    [InlineData("/tokenize", """{"content": 5}""", "content")]
    [InlineData("/tokenize", """{"content": "a", "tools": []}""", "tools")]
    [InlineData("/tokenize", """{"content": "a", "add_generation_prompt": false}""", "add_generation_prompt")]
    [InlineData("/tokenize", """{"messages": [{"role": "user", "content": "b"}], "add_special": true}""", "add_special")]
    [InlineData("/tokenize", """{"messages": []}""", "messages")]
    [InlineData("/tokenize", """{"messages": [{"role": "wizard", "content": "b"}]}""", "messages[0].role")]
    [InlineData("/detokenize", """{}""", "tokens")]
    [InlineData("/detokenize", """{"tokens": [1, -1]}""", "tokens[1]")]
    [InlineData("/detokenize", """{"tokens": [1, 2147483647]}""", "tokens[1]")]
    [InlineData("/detokenize", """{"tokens": [1.5]}""", "tokens[0]")]
    [InlineData("/detokenize", """{"tokens": "1 2"}""", "tokens")]
    public async Task Bad_input_is_400_in_openais_envelope(string path, string json, string param)
    {
        var host = await fixture.GetAsync();
        var (response, body) = await Sse.PostJsonAsync(host.Http, path, json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Sse.AssertEnvelope(body, body.GetProperty("error").GetProperty("code").GetString(), param);
    }

    [Fact]
    public async Task Detokenize_of_the_vocabularys_last_id_works_and_the_next_is_refused()
    {
        var host = await fixture.GetAsync();
        var size = host.Services.GetRequiredService<IInferenceEngine>().Model.VocabularySize;
        await PostOkAsync(host, "/detokenize", $$"""{"tokens": [{{size - 1}}]}""");
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/detokenize", $$"""{"tokens": [{{size}}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"0 to {size - 1}", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_is_404()
    {
        var host = await fixture.GetAsync();
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/tokenize", """{"model": "no-such-model", "content": "hi"}""");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Sse.AssertEnvelope(body, "model_not_found");
        Assert.Equal(HttpStatusCode.OK, (await Sse.PostJsonAsync(host.Http, "/detokenize", """{"model": "tiny", "tokens": []}""")).Response.StatusCode);
    }

    private static async Task<JsonElement> PostOkAsync(NodeHost host, string path, string json)
    {
        var (response, body) = await Sse.PostJsonAsync(host.Http, path, json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}: {body}");
        return body;
    }
}
