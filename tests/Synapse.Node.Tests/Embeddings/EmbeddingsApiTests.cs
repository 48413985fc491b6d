using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Node.Tests.StructuredOutput;
using Synapse.OpenAI.Embeddings;
using Synapse.Testing.Embeddings;

namespace Synapse.Node.Tests.Embeddings;

/// <summary><c>POST /v1/embeddings</c> on a node serving the converted tiny-bert: OpenAI's shapes, the fixture's vectors, and the 400s.</summary>
[Collection(EmbeddingNodeCollection.Name)]
public sealed class EmbeddingsApiTests(EmbeddingNodeFixture fixture)
{
    [Fact]
    public async Task A_list_of_texts_answers_the_reference_vectors_in_openai_shape()
    {
        var host = await fixture.GetAsync();
        var texts = fixture.Expected.Cases.Select(c => c.Text).ToArray();

        var body = await PostOkAsync(host, new { model = EmbeddingNodeFixture.ModelName, input = texts, user = "someone" });

        OpenApiShapes.AssertValid(body, "CreateEmbeddingResponse");
        Assert.Equal("list", body.GetProperty("object").GetString());
        Assert.Equal(EmbeddingNodeFixture.ModelName, body.GetProperty("model").GetString());
        var data = body.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(texts.Length, data.Count);
        for (var i = 0; i < data.Count; i++)
        {
            Assert.Equal(i, data[i].GetProperty("index").GetInt32());
            Assert.Equal("embedding", data[i].GetProperty("object").GetString());
            var vector = data[i].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            Assert.True(EmbeddingFixture.Cosine(vector, fixture.Expected.Cases[i].Embedding) >= 0.9999, $"input {i}");
        }

        var tokens = fixture.Expected.Cases.Sum(c => c.Ids.Length);
        Assert.Equal(tokens, body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(tokens, body.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Every_input_form_gives_the_same_vector()
    {
        var host = await fixture.GetAsync();
        var item = fixture.Expected.Cases[1];

        var fromText = Vectors(await PostOkAsync(host, new { input = item.Text }));
        var fromIds = Vectors(await PostOkAsync(host, new { input = item.Ids }));
        var fromIdLists = Vectors(await PostOkAsync(host, new { input = new[] { item.Ids, fixture.Expected.Cases[0].Ids } }));

        Assert.Single(fromText);
        Assert.Single(fromIds);
        Assert.Equal(2, fromIdLists.Count);
        Assert.True(EmbeddingFixture.Cosine(fromText[0], fromIds[0]) >= 0.99999);
        Assert.True(EmbeddingFixture.Cosine(fromText[0], fromIdLists[0]) >= 0.99999);
        Assert.True(EmbeddingFixture.Cosine(fromIdLists[1], fixture.Expected.Cases[0].Embedding) >= 0.9999);
    }

    [Fact]
    public async Task Base64_is_the_little_endian_float32_bytes_of_the_float_answer()
    {
        var host = await fixture.GetAsync();
        var text = fixture.Expected.Cases[2].Text;

        var floats = Vectors(await PostOkAsync(host, new { input = text, encoding_format = "float" }))[0];
        var body = await PostOkAsync(host, new { input = text, encoding_format = "base64" });
        var encoded = body.GetProperty("data")[0].GetProperty("embedding").GetString()!;

        var bytes = Convert.FromBase64String(encoded);
        Assert.Equal(floats.Length * 4, bytes.Length);
        Assert.Equal(floats[0], BitConverter.ToSingle(bytes, 0));
        Assert.Equal(floats, EmbeddingVector.FromEncoded(encoded).ToFloats());
    }

    [Fact]
    public async Task Dimensions_truncate_then_renormalise()
    {
        var host = await fixture.GetAsync();
        var text = fixture.Expected.Cases[0].Text;

        var full = Vectors(await PostOkAsync(host, new { input = text }))[0];
        var cut = Vectors(await PostOkAsync(host, new { input = text, dimensions = 8 }))[0];

        Assert.Equal(8, cut.Length);
        Assert.Equal(1.0, Math.Sqrt(cut.Sum(v => (double)v * v)), 5);
        var scale = Math.Sqrt(full.Take(8).Sum(v => (double)v * v));
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(full[i] / scale, cut[i], 5);
        }
    }

    [Theory]
    [InlineData("""{"input":""}""", "input", "invalid_value")]
    [InlineData("""{"input":[]}""", "input", "empty_array")]
    [InlineData("""{"input":["a",""]}""", "input[1]", "invalid_value")]
    [InlineData("""{"input":[[]]}""", "input[0]", "empty_array")]
    [InlineData("""{"input":[-1]}""", "input[0]", "integer_below_min_value")]
    [InlineData("""{"input":[999999]}""", "input[0]", "integer_above_max_value")]
    [InlineData("""{}""", "input", "missing_required_parameter")]
    [InlineData("""{"input":"a","encoding_format":"int8"}""", "encoding_format", "invalid_value")]
    [InlineData("""{"input":"a","dimensions":0}""", "dimensions", "integer_below_min_value")]
    [InlineData("""{"input":"a","dimensions":33}""", "dimensions", "integer_above_max_value")]
    [InlineData("""{"input":{"text":"a"}}""", "input", "invalid_type")]
    public async Task Bad_requests_answer_400_naming_the_parameter(string json, string param, string code)
    {
        var host = await fixture.GetAsync();

        using var response = await host.Http.PostAsync("/v1/embeddings", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, body.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Too_many_inputs_and_an_over_long_input_are_400_never_truncated()
    {
        var host = await fixture.GetAsync();

        var many = await PostAsync(host, new { input = Enumerable.Repeat("a", EmbeddingRequest.MaxInputs + 1).ToArray() });
        Assert.Equal(HttpStatusCode.BadRequest, many.Status);
        Assert.Equal("input", many.Body.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal("array_above_max_length", many.Body.GetProperty("error").GetProperty("code").GetString());

        // tiny-bert's context is 128 positions: 200 words cannot be embedded whole.
        var longText = string.Join(' ', Enumerable.Repeat("word", 200));
        var tooLong = await PostAsync(host, new { input = new[] { "short", longText } });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Equal("input[1]", tooLong.Body.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal("context_length_exceeded", tooLong.Body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_embedding_model_is_listed_and_refuses_chat_and_completions()
    {
        var host = await fixture.GetAsync();

        var models = await host.Http.GetFromJsonAsync<JsonElement>("/v1/models", TestContext.Current.CancellationToken);
        Assert.Contains(models.GetProperty("data").EnumerateArray(), m => m.GetProperty("id").GetString() == host.Model);

        var chat = await PostAsync(host, new { model = EmbeddingNodeFixture.ModelName, messages = new[] { new { role = "user", content = "hi" } } }, "/v1/chat/completions");
        Assert.Equal(HttpStatusCode.BadRequest, chat.Status);
        Assert.Equal("model", chat.Body.GetProperty("error").GetProperty("param").GetString());
        Assert.Contains("does not support chat completions", chat.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        var completion = await PostAsync(host, new { prompt = "hi" }, "/v1/completions");
        Assert.Equal(HttpStatusCode.BadRequest, completion.Status);
    }

    [Fact]
    public async Task A_model_the_node_does_not_serve_is_404()
    {
        var host = await fixture.GetAsync();

        var answer = await PostAsync(host, new { model = "text-embedding-3-small", input = "a" });

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("model_not_found", answer.Body.GetProperty("error").GetProperty("code").GetString());
    }

    private static List<float[]> Vectors(JsonElement body) =>
        body.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToList();

    private static async Task<JsonElement> PostOkAsync(NodeHost host, object request)
    {
        var (status, body) = await PostAsync(host, request);
        Assert.True(status == HttpStatusCode.OK, $"{status}: {body}");
        return body;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(NodeHost host, object request, string path = "/v1/embeddings")
    {
        using var response = await host.Http.PostAsJsonAsync(path, request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken));
    }
}
