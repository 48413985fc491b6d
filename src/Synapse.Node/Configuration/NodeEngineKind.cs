namespace Synapse.Node.Configuration;

/// <summary>What generates tokens behind the node's API.</summary>
public enum NodeEngineKind
{
    /// <summary>llama.cpp on a GGUF model.</summary>
    Llama,

    /// <summary>No model: a fixed reply at a set rate, for tests and benchmarks only.</summary>
    Simulated,
}
