using System.Runtime.InteropServices;
using System.Text;
using LLama.Native;

namespace Synapse.Engine.Model;

/// <summary>
/// A loaded GGUF model: what it is (<see cref="Description"/>), its tokenizer, and the bytes of each token. Everything
/// here is safe from any thread (llama.cpp's model handle is read-only once loaded); contexts are the backend's.
/// </summary>
public sealed class LlamaModel : IDisposable
{
    private readonly bool[] _isEndOfGeneration;
    // Filled lazily by the inference loop; a race only computes a piece twice.
    private readonly byte[]?[] _pieces;
    private readonly byte[]?[] _specialPieces;
    private int[]? _byteTokens;
    private Text.Utf8TokenShape[]? _utf8Shapes;

    private LlamaModel(SafeLlamaModelHandle handle, ModelDescription description)
    {
        Handle = handle;
        Description = description;
        var vocab = handle.Vocab;
        _isEndOfGeneration = new bool[vocab.Count];
        for (var t = 0; t < _isEndOfGeneration.Length; t++)
        {
            _isEndOfGeneration[t] = ((LLamaToken)t).IsEndOfGeneration(vocab);
        }

        _pieces = new byte[]?[vocab.Count];
        _specialPieces = new byte[]?[vocab.Count];
    }

    public ModelDescription Description { get; }

    public int VocabularySize => _pieces.Length;

    internal SafeLlamaModelHandle Handle { get; }

    /// <summary>Loads <paramref name="path"/> on the CPU. Blocks for as long as llama.cpp reads the file.</summary>
    public static LlamaModel Load(string path, string nativeVariant)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var modelParams = LLamaModelParams.Default();
        modelParams.n_gpu_layers = 0;
        var handle = SafeLlamaModelHandle.LoadFromFile(fullPath, modelParams);
        try
        {
            return new LlamaModel(handle, ModelDescriptionReader.Read(fullPath, handle, nativeVariant));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Handle.Tokenize(text, addSpecial, parseSpecial, Encoding.UTF8);
        return MemoryMarshal.Cast<LLamaToken, int>(tokens.AsSpan()).ToArray();
    }

    /// <summary>Text of <paramref name="tokens"/>; special tokens render as their text only when asked.</summary>
    public string Detokenize(IReadOnlyList<int> tokens, bool renderSpecial = false) => Encoding.UTF8.GetString(TokenBytes(tokens, renderSpecial));

    /// <summary>The bytes of <paramref name="tokens"/>' pieces, concatenated; special tokens render as their text only when asked.</summary>
    public byte[] TokenBytes(IReadOnlyList<int> tokens, bool renderSpecial)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var bytes = new List<byte>(tokens.Count * 4);
        Span<byte> piece = stackalloc byte[256];
        foreach (var id in tokens)
        {
            if ((uint)id >= (uint)VocabularySize)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), id, $"Token id {id} is outside the vocabulary (0..{VocabularySize - 1}).");
            }

            var length = (int)Handle.TokenToSpan(id, piece, 0, renderSpecial);
            if (length > piece.Length)
            {
                var large = new byte[length];
                Handle.TokenToSpan(id, large, 0, renderSpecial);
                bytes.AddRange(large);
            }
            else
            {
                bytes.AddRange(piece[..length]);
            }
        }

        return bytes.ToArray();
    }

    /// <summary>End of generation (EOS, EOT and the like).</summary>
    public bool IsEndOfGeneration(int token) => (uint)token < (uint)_isEndOfGeneration.Length && _isEndOfGeneration[token];

    /// <summary>The token's bytes as generated text shows them (special tokens render as nothing), cached per token.</summary>
    public byte[] Piece(int token) => CachedPiece(_pieces, token, special: false);

    /// <summary>The token's bytes with special tokens rendered as their text (what llama.cpp's grammar reads), cached per token.</summary>
    public byte[] SpecialPiece(int token) => CachedPiece(_specialPieces, token, special: true);

    /// <summary>
    /// The special token whose text is exactly <paramref name="text"/> and which generated text otherwise renders as
    /// nothing (a control token such as <c>[TOOL_CALLS]</c>), or -1 when <paramref name="text"/> is not one.
    /// </summary>
    public int ControlToken(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var tokens = Tokenize(text, addSpecial: false, parseSpecial: true);
        return tokens.Length == 1 && Piece(tokens[0]).Length == 0 && SpecialPiece(tokens[0]).AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(text))
            ? tokens[0]
            : -1;
    }

    private byte[] CachedPiece(byte[]?[] cache, int token, bool special)
    {
        if ((uint)token >= (uint)cache.Length)
        {
            return [];
        }

        if (cache[token] is { } cached)
        {
            return cached;
        }

        Span<byte> buffer = stackalloc byte[256];
        var length = (int)Handle.TokenToSpan(token, buffer, 0, special);
        byte[] piece;
        if (length > buffer.Length)
        {
            piece = new byte[length];
            Handle.TokenToSpan(token, piece, 0, special);
        }
        else
        {
            piece = buffer[..Math.Max(0, length)].ToArray();
        }

        cache[token] = piece;
        return piece;
    }

    /// <summary>How <paramref name="token"/>'s piece fits UTF-8 (all tokens' shapes are computed on first use).</summary>
    internal Text.Utf8TokenShape Utf8Shape(int token)
    {
        var shapes = _utf8Shapes;
        if (shapes is null)
        {
            shapes = new Text.Utf8TokenShape[_pieces.Length];
            for (var t = 0; t < shapes.Length; t++)
            {
                shapes[t] = Text.Utf8TokenShape.Of(Piece(t));
            }

            _utf8Shapes = shapes;
        }

        return (uint)token < (uint)shapes.Length ? shapes[token] : default;
    }

    /// <summary>A token whose piece is exactly the byte <paramref name="value"/>, or -1 (the map is built on first use).</summary>
    internal int ByteToken(byte value)
    {
        var map = _byteTokens;
        if (map is null)
        {
            map = new int[256];
            Array.Fill(map, -1);
            for (var t = 0; t < _pieces.Length; t++)
            {
                var piece = Piece(t);
                if (piece.Length == 1 && map[piece[0]] < 0 && !_isEndOfGeneration[t])
                {
                    map[piece[0]] = t;
                }
            }

            _byteTokens = map;
        }

        return map[value];
    }

    public void Dispose() => Handle.Dispose();
}
