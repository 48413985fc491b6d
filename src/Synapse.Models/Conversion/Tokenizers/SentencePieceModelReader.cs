using System.Buffers.Binary;
using System.Text;

namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>
/// A minimal protobuf reader for sentencepiece_model.proto: ModelProto.pieces (1), trainer_spec (2: model_type 3,
/// byte_fallback 35) and normalizer_spec (3: add_dummy_prefix 3, remove_extra_whitespaces 4). Every length is checked
/// against the bytes left, so a damaged file is an <see cref="InvalidDataException"/>, never an out-of-range read.
/// </summary>
internal static class SentencePieceModelReader
{
    private const int WireVarint = 0;
    private const int WireFixed64 = 1;
    private const int WireLength = 2;
    private const int WireFixed32 = 5;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static SentencePieceModel Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            return Parse(bytes);
        }
        catch (Exception ex) when (ex is ArgumentException or DecoderFallbackException or OverflowException)
        {
            throw new InvalidDataException($"'{path}' is not a valid SentencePiece model: {ex.Message}", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"'{path}' is not a valid SentencePiece model: {ex.Message}", ex);
        }
    }

    /// <summary>True when the file starts like a ModelProto (field 1, length-delimited), not e.g. a tiktoken ranks file.</summary>
    public static bool LooksLikeProtobuf(string path)
    {
        using var stream = File.OpenRead(path);
        var first = stream.ReadByte();
        return first == ((1 << 3) | WireLength);
    }

    /// <summary>Parses a ModelProto; a damaged one is an <see cref="InvalidDataException"/>.</summary>
    public static SentencePieceModel Parse(ReadOnlySpan<byte> data)
    {
        try
        {
            return ParseProto(data);
        }
        catch (Exception ex) when (ex is ArgumentException or DecoderFallbackException or OverflowException)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    private static SentencePieceModel ParseProto(ReadOnlySpan<byte> data)
    {
        var pieces = new List<SentencePiece>();
        int modelType = 1;
        bool byteFallback = false, addDummyPrefix = true, removeExtraWhitespaces = true;
        var position = 0;
        while (position < data.Length)
        {
            var (field, wire) = ReadTag(data, ref position);
            if (field == 1 && wire == WireLength)
            {
                pieces.Add(ParsePiece(ReadBytes(data, ref position)));
            }
            else if (field == 2 && wire == WireLength)
            {
                var spec = ReadBytes(data, ref position);
                var p = 0;
                while (p < spec.Length)
                {
                    var (f, w) = ReadTag(spec, ref p);
                    if (f == 3 && w == WireVarint)
                    {
                        modelType = (int)ReadVarint(spec, ref p);
                    }
                    else if (f == 35 && w == WireVarint)
                    {
                        byteFallback = ReadVarint(spec, ref p) != 0;
                    }
                    else
                    {
                        Skip(spec, ref p, w);
                    }
                }
            }
            else if (field == 3 && wire == WireLength)
            {
                var spec = ReadBytes(data, ref position);
                var p = 0;
                while (p < spec.Length)
                {
                    var (f, w) = ReadTag(spec, ref p);
                    if (f == 3 && w == WireVarint)
                    {
                        addDummyPrefix = ReadVarint(spec, ref p) != 0;
                    }
                    else if (f == 4 && w == WireVarint)
                    {
                        removeExtraWhitespaces = ReadVarint(spec, ref p) != 0;
                    }
                    else
                    {
                        Skip(spec, ref p, w);
                    }
                }
            }
            else
            {
                Skip(data, ref position, wire);
            }
        }

        if (pieces.Count == 0)
        {
            throw new InvalidDataException("the model has no pieces.");
        }

        return new SentencePieceModel
        {
            Pieces = pieces,
            ModelType = modelType,
            ByteFallback = byteFallback,
            AddDummyPrefix = addDummyPrefix,
            RemoveExtraWhitespaces = removeExtraWhitespaces,
        };
    }

    private static SentencePiece ParsePiece(ReadOnlySpan<byte> data)
    {
        string piece = string.Empty;
        float score = 0;
        var type = SentencePieceType.Normal;
        var p = 0;
        while (p < data.Length)
        {
            var (field, wire) = ReadTag(data, ref p);
            if (field == 1 && wire == WireLength)
            {
                piece = StrictUtf8.GetString(ReadBytes(data, ref p));
            }
            else if (field == 2 && wire == WireFixed32)
            {
                Require(data, p, 4);
                score = BinaryPrimitives.ReadSingleLittleEndian(data[p..]);
                p += 4;
            }
            else if (field == 3 && wire == WireVarint)
            {
                var value = ReadVarint(data, ref p);
                type = value is >= 1 and <= 6
                    ? (SentencePieceType)value
                    : throw new InvalidDataException($"piece '{piece}' has unknown type {value}.");
            }
            else
            {
                Skip(data, ref p, wire);
            }
        }

        return new SentencePiece(piece, score, type);
    }

    private static (int Field, int Wire) ReadTag(ReadOnlySpan<byte> data, ref int position)
    {
        var tag = ReadVarint(data, ref position);
        var field = tag >> 3;
        if (field == 0 || field > int.MaxValue)
        {
            throw new InvalidDataException($"bad protobuf tag {tag} at byte {position}.");
        }

        return ((int)field, (int)(tag & 7));
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            Require(data, position, 1);
            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("protobuf varint longer than 10 bytes.");
    }

    private static ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> data, ref int position)
    {
        var length = ReadVarint(data, ref position);
        if (length > (ulong)(data.Length - position))
        {
            throw new InvalidDataException($"length {length} at byte {position} runs past the end.");
        }

        var slice = data.Slice(position, (int)length);
        position += (int)length;
        return slice;
    }

    private static void Skip(ReadOnlySpan<byte> data, ref int position, int wire)
    {
        switch (wire)
        {
            case WireVarint:
                ReadVarint(data, ref position);
                break;
            case WireFixed64:
                Require(data, position, 8);
                position += 8;
                break;
            case WireLength:
                ReadBytes(data, ref position);
                break;
            case WireFixed32:
                Require(data, position, 4);
                position += 4;
                break;
            default:
                throw new InvalidDataException($"unsupported protobuf wire type {wire}.");
        }
    }

    private static void Require(ReadOnlySpan<byte> data, int position, int count)
    {
        if (data.Length - position < count)
        {
            throw new InvalidDataException("the file is truncated.");
        }
    }
}
