using Synapse.Testing;

namespace Synapse.Node.Tests.Infrastructure;

/// <summary>The model the real-engine tests serve: the small trained stories260K (ChatML template) from the fixtures.</summary>
internal static class TestModel
{
    public static string Path => Fixtures.Require("models/stories260K.gguf");
}
