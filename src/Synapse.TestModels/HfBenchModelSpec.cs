namespace Synapse.TestModels;

/// <summary>
/// The shape of a model written as a Hugging Face checkpoint by <see cref="HfBenchModelGenerator"/>: the conversion
/// benchmark's input, and the end-to-end test's default-model stand-in. <see cref="Vocab"/> is the real model's.
/// </summary>
public sealed record HfBenchModelSpec(
    string Name,
    int Layers,
    int Hidden,
    int Heads,
    int KvHeads,
    int HeadDim,
    int Intermediate,
    int Vocab,
    long MaxShardBytes)
{
    /// <summary>google/gemma-2-2b-it: 26 layers, 2304 wide, 8 heads of 256 (4 KV), 9216 feed-forward, 256000 tokens.</summary>
    public static HfBenchModelSpec Gemma2_2B { get; } = new("gemma-2-2b-shape", 26, 2304, 8, 4, 256, 9216, 256_000, 5_000_000_000);

    /// <summary>
    /// Qwen/Qwen2.5-0.5B-Instruct, Synapse's default model: 24 layers, 896 wide, 14 heads of 64 (2 KV), 4864
    /// feed-forward, 151936 tokens, tied embeddings; 494 M parameters, one 0.99 GB shard as on the hub.
    /// </summary>
    public static HfBenchModelSpec Qwen2_5_0_5B { get; } =
        new("qwen2.5-0.5b-shape", 24, 896, 14, 2, 64, 4864, 151_936, 5_000_000_000) { Architecture = HfBenchArchitecture.Qwen2 };

    /// <summary>
    /// BERT-base (bge-base-en-v1.5, e5-base): 12 layers, 768 wide, 12 heads of 64, 3072 feed-forward, 30522 tokens,
    /// 512 positions; 109 M parameters.
    /// </summary>
    public static HfBenchModelSpec BertBase { get; } =
        new("bert-base-shape", 12, 768, 12, 12, 64, 3072, 30_522, 5_000_000_000) { Architecture = HfBenchArchitecture.Bert };

    /// <summary>A small Gemma 2 for tests of the generator and the benchmark command.</summary>
    public static HfBenchModelSpec Tiny { get; } = new("tiny-gemma2-shape", 2, 64, 4, 2, 16, 128, 1024, 100_000);

    public HfBenchArchitecture Architecture { get; init; } = HfBenchArchitecture.Gemma2;

    public long ParameterCount => Architecture switch
    {
        // Two norms a layer, q/k/v biases, embeddings tied to the output.
        HfBenchArchitecture.Qwen2 =>
            (long)Vocab * Hidden + Hidden
            + Layers * (2L * Hidden + (long)Hidden * Heads * HeadDim * 2 + 2L * Hidden * KvHeads * HeadDim + 3L * Hidden * Intermediate
                + (long)Heads * HeadDim + 2L * KvHeads * HeadDim),
        // Word, 512 position and 2 token-type embeddings with their LayerNorm; per layer q/k/v/o and the two
        // feed-forward matrices with biases, and two LayerNorms.
        HfBenchArchitecture.Bert =>
            ((long)Vocab + 512 + 2) * Hidden + 2L * Hidden
            + Layers * (4L * Hidden * Hidden + 4L * Hidden + 2L * Hidden * Intermediate + Intermediate + Hidden + 4L * Hidden),
        _ =>
            (long)Vocab * Hidden + Hidden
            + Layers * (4L * Hidden + (long)Hidden * Heads * HeadDim * 2 + 2L * Hidden * KvHeads * HeadDim + 3L * Hidden * Intermediate),
    };
}
