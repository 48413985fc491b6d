namespace Synapse.Node.Tests.Infrastructure;

/// <summary>
/// The model the real-engine tests serve: the generated tiny chat model (ChatML template, byte-level BPE), so the
/// suite runs on a fresh clone without the shared fixtures.
/// </summary>
internal static class TestModel
{
    public static string Path => Synapse.Testing.TestModels.TinyChatModelPath;
}
