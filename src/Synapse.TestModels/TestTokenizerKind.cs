namespace Synapse.TestModels;

/// <summary>The kind of tokenizer a generated test model carries.</summary>
public enum TestTokenizerKind
{
    /// <summary>GPT-2-style byte-level BPE (<c>tokenizer.ggml.model = "gpt2"</c>), as SmolLM2, Qwen or Llama 3 use.</summary>
    Gpt2ByteLevelBpe,

    /// <summary>SentencePiece-style vocabulary with scores and byte fallback (<c>tokenizer.ggml.model = "llama"</c>), as Llama 2 or TinyLlama use.</summary>
    LlamaSentencePiece,
}
