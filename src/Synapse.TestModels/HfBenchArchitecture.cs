namespace Synapse.TestModels;

/// <summary>The model family a <see cref="HfBenchModelSpec"/> checkpoint is written as.</summary>
public enum HfBenchArchitecture
{
    /// <summary>Gemma2ForCausalLM with a SentencePiece tokenizer.model padded to the vocabulary.</summary>
    Gemma2,

    /// <summary>
    /// Qwen2ForCausalLM (q/k/v biases, tied embeddings) with a byte-level BPE tokenizer.json copied as it is; the
    /// converter pads it to config.json's vocab_size as llama.cpp's does.
    /// </summary>
    Qwen2,

    /// <summary>
    /// BertModel (sentence-transformers layout, mean pooling, normalised) with a WordPiece tokenizer.json/vocab.txt
    /// copied as it is (e.g. the tiny-bert fixture, BAAI/bge's vocabulary).
    /// </summary>
    Bert,
}
