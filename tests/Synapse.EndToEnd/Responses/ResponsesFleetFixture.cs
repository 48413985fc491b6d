#pragma warning disable OPENAI001 // The Responses client is experimental in the SDK.
using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Responses;
using Synapse.EndToEnd.Infrastructure;

namespace Synapse.EndToEnd.Responses;

/// <summary>
/// One fleet for every Responses test here, so they add one start to CI: two node processes serving the generated tiny
/// chat model as <see cref="Model"/> with the Hermes tool template (forced calls are real calls), each with its own
/// SQLite response store in its own data directory, behind a real balancer.
/// </summary>
public sealed class ResponsesFleetFixture : IAsyncLifetime
{
    public const string Model = "tiny";

    private readonly string _folder = Directory.CreateTempSubdirectory("synapse-e2e-responses-").FullName;
    private Fleet? _fleet;

    public Fleet Fleet => _fleet ?? throw new InvalidOperationException("The fleet has not started.");

    public async ValueTask InitializeAsync()
    {
        var template = Path.Combine(_folder, "hermes.jinja");
        await File.WriteAllTextAsync(template, Synapse.Testing.ChatTemplates.Hermes);
        // 4096 tokens a slot: room for an agent's free answer of up to 3000 tokens after its prompt.
        string[] Node(string data) =>
        [
            "--model", Synapse.Testing.TestModels.TinyChatModelPath, "--model-aliases", Model, "--chat-template", template,
            "--data-dir", Path.Combine(_folder, data), "--parallel", "2", "--threads", "1", "--ctx-size", "4096", "--shutdown-grace", "1",
        ];
        _fleet = await Fleet.StartAsync([Node("node-a"), Node("node-b")]);
    }

    /// <summary>The node the balancer named in <c>X-Synapse-Node</c>.</summary>
    public NodeProcess NodeOf(ClientResult result) => Fleet.Nodes.Single(n => n.Id == RoutingTests.NodeOf(result));

    /// <summary>The official .NET SDK's Responses client against <paramref name="baseUrl"/> (the balancer unless told).</summary>
    public ResponsesClient Responses(string? baseUrl = null) => OpenAI(baseUrl).GetResponsesClient();

    public ChatClient Chat(string? baseUrl = null) => OpenAI(baseUrl).GetChatClient(Model);

    private OpenAIClient OpenAI(string? baseUrl) =>
        new(new ApiKeyCredential(BalancerProcess.ClientKey), new OpenAIClientOptions
        {
            Endpoint = new Uri((baseUrl ?? Fleet.Balancer.Url) + "/v1"),
            NetworkTimeout = TimeSpan.FromSeconds(120),
            // A retry would hide a protocol error (and resend a request that was answered).
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    public async ValueTask DisposeAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ResponsesFleetCollection : ICollectionFixture<ResponsesFleetFixture>
{
    public const string Name = "responses fleet";
}
