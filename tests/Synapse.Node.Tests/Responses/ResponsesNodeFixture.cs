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

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _folder = Directory.CreateTempSubdirectory("synapse-responses-").FullName;
    private NodeHost? _node;
    private NodeHost? _thinking;

    internal PromptRecorder Prompts { get; } = new();

    public Task<NodeHost> NodeAsync() => GetAsync(thinking: false);

    public Task<NodeHost> ThinkingNodeAsync() => GetAsync(thinking: true);

    private async Task<NodeHost> GetAsync(bool thinking)
    {
        await _gate.WaitAsync();
        try
        {
            if ((thinking ? _thinking : _node) is { } running)
            {
                return running;
            }

            var template = Path.Combine(_folder, thinking ? "thinking.jinja" : "hermes.jinja");
            await File.WriteAllTextAsync(template, thinking ? ThinkingTemplate : ToolNodeFixture.HermesTemplate);
            // The node's own SQLite store, in a folder of this fixture's.
            var data = Path.Combine(_folder, thinking ? "thinking-data" : "data");
            var host = await NodeHost.StartAsync(TestModel.Path, ["--parallel", "2", "--ctx-size", "4096", "--threads", "2", "--chat-template", template],
                environment: new Dictionary<string, string?> { ["SYNAPSE_DATA_DIR"] = data },
                configureServices: services =>
                {
                    if (!thinking)
                    {
                        Prompts.Register(services);
                    }
                });
            if (thinking)
            {
                _thinking = host;
            }
            else
            {
                _node = host;
            }

            return host;
        }
        finally
        {
            _gate.Release();
        }
    }

#pragma warning disable OPENAI001 // The Responses client is experimental in the SDK.
    /// <summary>The official .NET SDK's Responses client against <paramref name="host"/>.</summary>
    public static ResponsesClient Client(NodeHost host) =>
        new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(host.BaseUrl + "/v1"), NetworkTimeout = TimeSpan.FromSeconds(120) })
            .GetResponsesClient();
#pragma warning restore OPENAI001

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        if (_thinking is not null)
        {
            await _thinking.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
        _gate.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ResponsesNodeCollection : ICollectionFixture<ResponsesNodeFixture>
{
    public const string Name = "responses nodes";
}
