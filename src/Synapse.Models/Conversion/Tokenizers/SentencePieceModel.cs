namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>The parts of a SentencePiece <c>tokenizer.model</c> (ModelProto) the GGUF conversion needs.</summary>
internal sealed class SentencePieceModel
{
    public required IReadOnlyList<SentencePiece> Pieces { get; init; }

    /// <summary>TrainerSpec.model_type: 1 unigram, 2 BPE, 3 word, 4 char.</summary>
    public int ModelType { get; init; } = 1;

    public bool ByteFallback { get; init; }

    /// <summary>NormalizerSpec.add_dummy_prefix (proto default true).</summary>
    public bool AddDummyPrefix { get; init; } = true;

    /// <summary>NormalizerSpec.remove_extra_whitespaces (proto default true).</summary>
    public bool RemoveExtraWhitespaces { get; init; } = true;
}
