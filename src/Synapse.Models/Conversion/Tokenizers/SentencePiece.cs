namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>One piece of a SentencePiece model: its text, score and type.</summary>
internal readonly record struct SentencePiece(string Piece, float Score, SentencePieceType Type);
