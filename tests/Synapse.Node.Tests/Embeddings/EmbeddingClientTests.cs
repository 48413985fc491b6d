using System.ClientModel;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Embeddings;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing.Clients;
using Synapse.Testing.Embeddings;

namespace Synapse.Node.Tests.Embeddings;

/// <summary>
/// Real clients against the tiny-bert node: the official OpenAI .NET SDK's EmbeddingClient (which asks for base64),
/// its protocol method with float, Microsoft.Extensions.AI's embedding generator, and npm <c>openai</c>'s embeddings.create.
/// </summary>
[Collection(EmbeddingNodeCollection.Name)]
public sealed class EmbeddingClientTests(EmbeddingNodeFixture fixture)
{
    [Fact]
    public async Task Dotnet_sdk_embedding_client_round_trips_base64_and_dimensions()
    {
        var host = await fixture.GetAsync();
        var client = Client(host);
        var cases = fixture.Expected.Cases;

        var one = await client.GenerateEmbeddingAsync(cases[0].Text, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(EmbeddingFixture.Cosine(one.Value.ToFloats().ToArray(), cases[0].Embedding) >= 0.9999);

        var many = await client.GenerateEmbeddingsAsync(cases.Select(c => c.Text), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(cases.Length, many.Value.Count);
        for (var i = 0; i < cases.Length; i++)
        {
            Assert.Equal(i, many.Value[i].Index);
            Assert.True(EmbeddingFixture.Cosine(many.Value[i].ToFloats().ToArray(), cases[i].Embedding) >= 0.9999, $"input {i}");
        }

        Assert.Equal(cases.Sum(c => c.Ids.Length), many.Value.Usage.InputTokenCount);
        var cut = await client.GenerateEmbeddingAsync(cases[0].Text, new global::OpenAI.Embeddings.EmbeddingGenerationOptions { Dimensions = 16 }, TestContext.Current.CancellationToken);
        Assert.Equal(16, cut.Value.ToFloats().Length);

        var tokens = await client.GenerateEmbeddingsAsync([cases[1].Ids], cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(EmbeddingFixture.Cosine(tokens.Value[0].ToFloats().ToArray(), cases[1].Embedding) >= 0.9999);
    }

    [Fact]
    public async Task Dotnet_sdk_protocol_call_with_float_format()
    {
        var host = await fixture.GetAsync();
        var client = Client(host);
        var request = BinaryContent.Create(BinaryData.FromObjectAsJson(new { model = host.Model, input = fixture.Expected.Cases[3].Text, encoding_format = "float" }));

        var result = await client.GenerateEmbeddingsAsync(request);

        using var body = JsonDocument.Parse(result.GetRawResponse().Content);
        var vector = body.RootElement.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.True(EmbeddingFixture.Cosine(vector, fixture.Expected.Cases[3].Embedding) >= 0.9999);
    }

    [Fact]
    public async Task Microsoft_extensions_ai_embedding_generator_works()
    {
        var host = await fixture.GetAsync();
        using var generator = Client(host).AsIEmbeddingGenerator();

        var embeddings = await generator.GenerateAsync(fixture.Expected.Cases.Take(2).Select(c => c.Text), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, embeddings.Count);
        Assert.True(EmbeddingFixture.Cosine(embeddings[1].Vector.ToArray(), fixture.Expected.Cases[1].Embedding) >= 0.9999);
    }

    [Fact]
    public async Task Npm_openai_embeddings_create_round_trips_base64_and_float()
    {
        NpmScript.RequireInstalled();
        var host = await fixture.GetAsync();

        await NpmScript.RunAsync("embeddings.mjs", host.BaseUrl, EmbeddingNodeFixture.ModelName, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_generative_model_answers_400_to_embeddings()
    {
        await using var host = await NodeHost.StartAsync(TestModel.Path, ["--threads", "1", "--ctx-size", "256"]);
        var client = Client(host);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GenerateEmbeddingAsync("hello", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal((int)HttpStatusCode.BadRequest, error.Status);
        Assert.Contains($"model {host.Model} does not support embeddings", error.Message, StringComparison.Ordinal);
    }

    private static EmbeddingClient Client(NodeHost host) =>
        new(host.Model, new ApiKeyCredential("unused"), new OpenAIClientOptions
        {
            Endpoint = new Uri(host.BaseUrl + "/v1"),
            NetworkTimeout = TimeSpan.FromSeconds(60),
        });
}
