using Synapse.Testing.Llama;

namespace Synapse.Models.Tests.Conversion;

/// <summary>
/// Runs a GGUF through llama.cpp the way the fixtures' reference did: greedy, with keys and values in float32
/// (llama.cpp's default F16 cache would add its own rounding).
/// </summary>
internal static class GreedyRunner
{
    public static GreedyRun Run(string modelPath, IReadOnlyList<int> prompt, int steps, int keepLogitSteps)
    {
        using var runner = new LlamaRunner(modelPath);
        return runner.RunGreedy(prompt, steps, keepLogitSteps, contextSize: 128, float32Cache: true);
    }
}
