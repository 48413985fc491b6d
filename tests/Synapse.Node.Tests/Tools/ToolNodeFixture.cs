using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Tools;

/// <summary>
/// The tiny random-weight model behind a node, once with a Hermes/Qwen-style tool template (calls in
/// <c>&lt;tool_call&gt;</c> blocks) and once with its own ChatML template, which has no tool support (the generic
/// envelope). Random weights never call a tool by themselves: every call these tests see is there because the
/// grammar forced it (<c>required</c>, a named function) — and with <c>auto</c> the lazy grammar leaves the text free.
/// </summary>
public sealed class ToolNodeFixture : IAsyncDisposable
{
    /// <summary>A compact Qwen 2.5-style template: tools as JSON in the system turn, calls and results in Hermes tags.</summary>
    public const string HermesTemplate = Synapse.Testing.ChatTemplates.Hermes;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _templateFile = Path.Combine(Path.GetTempPath(), $"synapse-hermes-{Guid.NewGuid():N}.jinja");
    private NodeHost? _hermes;
    private NodeHost? _generic;

    public Task<NodeHost> HermesAsync() => GetAsync(() => _hermes, h => _hermes = h, hermes: true);

    public Task<NodeHost> GenericAsync() => GetAsync(() => _generic, h => _generic = h, hermes: false);

    private async Task<NodeHost> GetAsync(Func<NodeHost?> get, Action<NodeHost> set, bool hermes)
    {
        await _gate.WaitAsync();
        try
        {
            if (get() is { } running)
            {
                return running;
            }

            List<string> args = ["--parallel", "4", "--ctx-size", "4096", "--threads", "2"];
            if (hermes)
            {
                await File.WriteAllTextAsync(_templateFile, HermesTemplate);
                args.AddRange(["--chat-template", _templateFile]);
            }

            var host = await NodeHost.StartAsync(TestModel.Path, args);
            set(host);
            return host;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_hermes is not null)
        {
            await _hermes.DisposeAsync();
        }

        if (_generic is not null)
        {
            await _generic.DisposeAsync();
        }

        File.Delete(_templateFile);
        _gate.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ToolNodeCollection : ICollectionFixture<ToolNodeFixture>
{
    public const string Name = "tool nodes";
}
