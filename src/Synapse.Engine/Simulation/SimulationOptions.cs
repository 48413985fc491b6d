namespace Synapse.Engine.Simulation;

/// <summary>
/// Settings of the simulated engine (SYNAPSE_ENGINE=simulated), which needs no model file. It exists for tests
/// and for benchmarking what sits in front of nodes (the load balancer); it never runs a model.
/// </summary>
public sealed class SimulationOptions
{
    /// <summary>The id the simulated model reports (MODEL_NAME); no file is read.</summary>
    public string ModelName { get; set; } = "simulated";

    /// <summary>Tokens each sequence produces per second (SYNAPSE_SIM_TOKENS_PER_SECOND); 0 answers instantly.</summary>
    public double TokensPerSecond { get; set; } = 100;

    /// <summary>How long the simulated model takes to "load" (SYNAPSE_SIM_LOAD_SECONDS): the node reports loading meanwhile.</summary>
    public TimeSpan LoadTime { get; set; }

    /// <summary>
    /// When positive, the simulated model is an embedding model of this many dimensions: each input's vector is a
    /// deterministic function of its tokens (equal inputs, equal vectors), mean-pooled and normalised. 0: generative.
    /// </summary>
    public int EmbeddingDimensions { get; set; }
}
