using System.ClientModel;
using OpenAI;
using OpenAI.Responses;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Node.Tests.Tools;

namespace Synapse.Node.Tests.Responses;

/// <summary>
/// The tiny random-weight model behind a node with the Hermes tool template (so forced calls are real calls) and its
/// SQLite response store in a temporary folder, recording every prompt it renders; and, on demand, one whose template opens a
/// <c>&lt;think&gt;</c> block, so every generated token is reasoning.
/// </summary>
public sealed class ResponsesNodeFixture : IAsyncDisposable
{
    /// <summary>ChatML whose generation prompt opens a think block, as DeepSeek-R1 distills' templates do.</summary>
    public const string ThinkingTemplate = """
        {%- for message in messages %}<|im_start|>{{ message.role }}
        {{ message.content }}<|im_end|>
        {% endfor %}
        {%- if add_generation_prompt %}<|im_start|>assistant
        <think>
        {% endif %}
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("synapse-responses-").FullName;
    private readonly SharedNode _node = new();
    private readonly SharedNode _thinking = new();

    internal PromptRecorder Prompts { get; } = new();

    public Task<NodeHost> NodeAsync() => _node.GetAsync(() => StartAsync(thinking: false));

    public Task<NodeHost> ThinkingNodeAsync() => _thinking.GetAsync(() => StartAsync(thinking: true));

    private async Task<NodeHost> StartAsync(bool thinking)
    {
        var template = Path.Combine(_folder, thinking ? "thinking.jinja" : "hermes.jinja");
        await File.WriteAllTextAsync(template, thinking ? ThinkingTemplate : ToolNodeFixture.HermesTemplate);
        // The node's own SQLite store, in a folder of this fixture's.
        var data = Path.Combine(_folder, thinking ? "thinking-data" : "data");
        return await NodeHost.StartAsync(TestModel.Path, ["--parallel", "2", "--ctx-size", "4096", "--threads", "2", "--chat-template", template],
            environment: new Dictionary<string, string?> { ["SYNAPSE_DATA_DIR"] = data },
            configureServices: services =>
            {
                if (!thinking)
                {
                    Prompts.Register(services);
                }
            });
    }

#pragma warning disable OPENAI001 // The Responses client is experimental in the SDK.
    /// <summary>The official .NET SDK's Responses client against <paramref name="host"/>.</summary>
    public static ResponsesClient Client(NodeHost host) =>
        new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(host.BaseUrl + "/v1"), NetworkTimeout = TimeSpan.FromSeconds(120) })
            .GetResponsesClient();
#pragma warning restore OPENAI001

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        await _thinking.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ResponsesNodeCollection : ICollectionFixture<ResponsesNodeFixture>
{
    public const string Name = "responses nodes";
}
