namespace Synapse.Models.Conversion.Architectures;

/// <summary>llama.cpp's <c>llama_pooling_type</c>, as gguf-py writes it to <c>{arch}.pooling_type</c>.</summary>
internal enum PoolingType
{
    None = 0,
    Mean = 1,
    Cls = 2,
    Last = 3,
    Rank = 4,
}
