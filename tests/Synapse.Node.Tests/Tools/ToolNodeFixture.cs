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

    private readonly string _templateFile = Path.Combine(Path.GetTempPath(), $"synapse-hermes-{Guid.NewGuid():N}.jinja");
    private readonly SharedNode _hermes = new();
    private readonly SharedNode _generic = new();

    public Task<NodeHost> HermesAsync() => _hermes.GetAsync(async () =>
    {
        await File.WriteAllTextAsync(_templateFile, HermesTemplate);
        return await NodeHost.StartAsync(TestModel.Path, ["--parallel", "4", "--ctx-size", "4096", "--threads", "2", "--chat-template", _templateFile]);
    });

    public Task<NodeHost> GenericAsync() => _generic.GetAsync(() => NodeHost.StartAsync(TestModel.Path, ["--parallel", "4", "--ctx-size", "4096", "--threads", "2"]));

    public async ValueTask DisposeAsync()
    {
        await _hermes.DisposeAsync();
        await _generic.DisposeAsync();
        File.Delete(_templateFile);
    }
}

[CollectionDefinition(Name)]
public sealed class ToolNodeCollection : ICollectionFixture<ToolNodeFixture>
{
    public const string Name = "tool nodes";
}
