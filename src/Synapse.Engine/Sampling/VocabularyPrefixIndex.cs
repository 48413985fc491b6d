using Synapse.Engine.Model;
using Synapse.Engine.Native;

namespace Synapse.Engine.Sampling;

/// <summary>
/// The vocabulary grouped by the first one or two bytes of each token's grammar text (its piece with special tokens
/// rendered, what llama.cpp's grammar reads), so a grammar's full-vocabulary pass asks llama.cpp about only the tokens
/// whose prefix the grammar allows. llama.cpp's grammar accepts a token only if it accepts every prefix of it (it
/// reads the text code point by code point and matches a trailing partial code point as a prefix), so a token whose
/// first byte, or first two bytes, it rejects is rejected without being looked at; every other token still gets
/// llama.cpp's own verdict, so the allowed set is exactly the full pass's. Prefixes are tried with single-byte tokens:
/// one check of up to 256 of them for the first byte and, for each allowed first byte heading a large group, the same
/// check on a copy of the grammar advanced by that byte.
/// </summary>
internal sealed unsafe class VocabularyPrefixIndex
{
    // A group this large is split by its second byte: a grammar copy, an accept and a 256-token check cost about what
    // llama.cpp's check of a few hundred tokens does, and the split rejects most of a group such as " word" outside a
    // JSON string.
    public const int DefaultSplitThreshold = 1024;

    // The token whose grammar text is exactly that byte, or -1.
    private readonly int[] _probes;
    // The probes as candidates, in byte order (their logits are reset before each check).
    private readonly LlamaSamplingApi.TokenData[] _probeCandidates;
    private readonly byte[] _probeBytes;
    // Tokens always handed to llama.cpp: end of generation, empty text, a first byte without a probe.
    private readonly int[] _unfiltered;
    // By first byte: the tokens to check when it is allowed (the whole group, or the part not split).
    private readonly int[][] _byFirst;
    // By first byte, then second byte: the split part of a large group, or null.
    private readonly int[]?[]?[] _bySecond;
    private readonly LlamaSamplingApi.TokenData[] _secondProbes;
    private readonly LlamaSamplingApi.TokenData[] _subset;

    private VocabularyPrefixIndex(int[] probes, int[] unfiltered, int[][] byFirst, int[]?[]?[] bySecond, int vocabulary)
    {
        _probes = probes;
        _probeBytes = [.. Enumerable.Range(0, 256).Where(b => probes[b] >= 0).Select(b => (byte)b)];
        _probeCandidates = new LlamaSamplingApi.TokenData[_probeBytes.Length];
        _secondProbes = new LlamaSamplingApi.TokenData[_probeBytes.Length];
        _unfiltered = unfiltered;
        _byFirst = byFirst;
        _bySecond = bySecond;
        _subset = new LlamaSamplingApi.TokenData[vocabulary];
    }

    /// <summary>Groups <paramref name="model"/>'s vocabulary (reads every token's piece once).</summary>
    /// <param name="model">The model whose vocabulary the grammars read.</param>
    /// <param name="splitThreshold">Groups of at least this many tokens are split by their second byte.</param>
    public static VocabularyPrefixIndex Build(LlamaModel model, int splitThreshold = DefaultSplitThreshold)
    {
        var vocabulary = model.VocabularySize;
        var probes = new int[256];
        Array.Fill(probes, -1);
        for (var t = 0; t < vocabulary; t++)
        {
            var piece = model.SpecialPiece(t);
            if (piece.Length == 1 && probes[piece[0]] < 0 && !model.IsEndOfGeneration(t))
            {
                probes[piece[0]] = t;
            }
        }

        var unfiltered = new List<int>();
        var groups = new List<int>[256];
        for (var b = 0; b < 256; b++)
        {
            groups[b] = [];
        }

        for (var t = 0; t < vocabulary; t++)
        {
            var piece = model.SpecialPiece(t);
            if (model.IsEndOfGeneration(t) || piece.Length == 0 || probes[piece[0]] < 0 || IsOverlongLead(piece[0]))
            {
                unfiltered.Add(t);
            }
            else
            {
                groups[piece[0]].Add(t);
            }
        }

        var byFirst = new int[256][];
        var bySecond = new int[]?[]?[256];
        for (var b = 0; b < 256; b++)
        {
            var group = groups[b];
            // Only ASCII heads are split: after a multi-byte lead the second byte is matched as a partial code point.
            if (group.Count < splitThreshold || b >= 0x80)
            {
                byFirst[b] = [.. group];
                continue;
            }

            var whole = new List<int>();
            var split = new List<int>?[256];
            foreach (var t in group)
            {
                var piece = model.SpecialPiece(t);
                if (piece.Length < 2 || probes[piece[1]] < 0 || IsOverlongLead(piece[1]))
                {
                    whole.Add(t);
                }
                else
                {
                    (split[piece[1]] ??= []).Add(t);
                }
            }

            byFirst[b] = [.. whole];
            bySecond[b] = [.. split.Select(list => list is null ? null : list.ToArray())];
        }

        return new VocabularyPrefixIndex(probes, [.. unfiltered], byFirst, bySecond, vocabulary);
    }

    /// <summary>
    /// Writes the tokens <paramref name="grammar"/> (active) allows next into <paramref name="allowed"/> and returns
    /// how many there are: the same tokens its check of the whole vocabulary leaves, in no particular order. Only
    /// while no code point is pending (<see cref="GrammarSampler.PendingUtf8"/> 0): continuation bytes are matched
    /// as partial code points, where the prefix rule has the same exception as <see cref="IsOverlongLead"/>.
    /// </summary>
    public int Allowed(GrammarSampler grammar, Span<int> allowed)
    {
        fixed (LlamaSamplingApi.TokenData* probes = _probeCandidates)
        fixed (LlamaSamplingApi.TokenData* secondProbes = _secondProbes)
        fixed (LlamaSamplingApi.TokenData* subset = _subset)
        {
            var count = ResetProbes(probes);
            var array = new LlamaSamplingApi.TokenDataArray { Data = probes, Size = (nuint)count, Selected = -1 };
            grammar.Constrain(&array);

            var size = 0;
            foreach (var t in _unfiltered)
            {
                subset[size++] = new LlamaSamplingApi.TokenData { Id = t };
            }

            for (var i = 0; i < count; i++)
            {
                if (float.IsNegativeInfinity(probes[i].Logit))
                {
                    continue;
                }

                var first = _probeBytes[i];
                foreach (var t in _byFirst[first])
                {
                    subset[size++] = new LlamaSamplingApi.TokenData { Id = t };
                }

                if (_bySecond[first] is not { } split)
                {
                    continue;
                }

                ResetProbes(secondProbes);
                var second = new LlamaSamplingApi.TokenDataArray { Data = secondProbes, Size = (nuint)count, Selected = -1 };
                grammar.ConstrainAfter(_probes[first], &second);
                for (var j = 0; j < count; j++)
                {
                    if (!float.IsNegativeInfinity(secondProbes[j].Logit) && split[_probeBytes[j]] is { } tokens)
                    {
                        foreach (var t in tokens)
                        {
                            subset[size++] = new LlamaSamplingApi.TokenData { Id = t };
                        }
                    }
                }
            }

            var candidates = new LlamaSamplingApi.TokenDataArray { Data = subset, Size = (nuint)size, Selected = -1 };
            grammar.Constrain(&candidates);
            var kept = 0;
            for (var i = 0; i < size; i++)
            {
                if (!float.IsNegativeInfinity(subset[i].Logit))
                {
                    allowed[kept++] = subset[i].Id;
                }
            }

            return kept;
        }
    }

    /// <summary>
    /// llama.cpp rejects these bytes alone as a partial code point (only an overlong form could follow) yet may accept
    /// a token where they do go on, so the prefix rule does not hold for them: their tokens are always checked.
    /// </summary>
    private static bool IsOverlongLead(byte value) => value is 0xC0 or 0xC1;

    private int ResetProbes(LlamaSamplingApi.TokenData* probes)
    {
        for (var i = 0; i < _probeBytes.Length; i++)
        {
            probes[i] = new LlamaSamplingApi.TokenData { Id = _probes[_probeBytes[i]] };
        }

        return _probeBytes.Length;
    }
}
