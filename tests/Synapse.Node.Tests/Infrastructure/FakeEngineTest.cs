namespace Synapse.Node.Tests.Infrastructure;

/// <summary>
/// A test class whose nodes run on a <see cref="FakeEngine"/>: the node still checks that its model file exists, so
/// each test gets a placeholder one, deleted after it.
/// </summary>
public abstract class FakeEngineTest : IAsyncLifetime
{
    protected string ModelPath { get; } = Path.Combine(Path.GetTempPath(), $"synapse-fake-{Guid.NewGuid():N}.gguf");

    public async ValueTask InitializeAsync() => await File.WriteAllTextAsync(ModelPath, "not a real model: the fake engine serves it");

    public ValueTask DisposeAsync()
    {
        File.Delete(ModelPath);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
