namespace Synapse.TestModels;

/// <summary>
/// The shape of a Gemma 2 model written as a Hugging Face checkpoint by <see cref="HfBenchModelGenerator"/>:
/// the conversion benchmark's input. <see cref="Vocab"/> is the real model's; the tokenizer is padded to it.
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

    /// <summary>A small Gemma 2 for tests of the generator and the benchmark command.</summary>
    public static HfBenchModelSpec Tiny { get; } = new("tiny-gemma2-shape", 2, 64, 4, 2, 16, 128, 1024, 100_000);

    public long ParameterCount =>
        (long)Vocab * Hidden + Hidden
        + Layers * (4L * Hidden + (long)Hidden * Heads * HeadDim * 2 + 2L * Hidden * KvHeads * HeadDim + 3L * Hidden * Intermediate);
}
