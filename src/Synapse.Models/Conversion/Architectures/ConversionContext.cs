using Synapse.Models.Safetensors;

namespace Synapse.Models.Conversion.Architectures;

/// <summary>What an architecture sees of the model being converted.</summary>
/// <param name="TokenCount">Tokens in the imported vocabulary (after padding to the config's vocab_size).</param>
/// <param name="ModelDirectory">The Hugging Face directory (for side files such as sentence-transformers' modules.json).</param>
internal sealed record ConversionContext(HfModelConfig Config, SafetensorsCheckpoint Checkpoint, int TokenCount, string ModelDirectory);
