namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>sentencepiece_model.proto's ModelProto.SentencePiece.Type.</summary>
internal enum SentencePieceType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}
