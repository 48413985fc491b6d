namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>Which of llama.cpp's vocabulary builders a model directory goes through.</summary>
internal enum VocabularyKind
{
    /// <summary><c>_set_vocab_gpt2</c>: tokenizer.json or vocab.json + merges.txt.</summary>
    ByteLevelBpe,

    /// <summary><c>_set_vocab_sentencepiece</c>: tokenizer.model, or tokenizer.json where there is none.</summary>
    SentencePiece,

    /// <summary>Phi-3's own <c>set_vocab</c>: SentencePiece with added tokens typed by their special flag alone.</summary>
    Phi3SentencePiece,

    /// <summary>Meta's tiktoken Llama 3 tokenizer.model.</summary>
    Tiktoken,

    /// <summary>BertModel's <c>set_vocab</c>: WordPiece from tokenizer.json or vocab.txt, in phantom-space form.</summary>
    WordPiece,
}
