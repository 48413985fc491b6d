using System.Text;
using Synapse.Engine.Native;

namespace Synapse.Engine.Sampling;

/// <summary>
/// One request's native grammar sampler. llama.cpp aborts the process when a grammar accepts a token it does not
/// allow, so every token is checked (<see cref="Allows"/>) before <see cref="Accept"/>. Lazy triggers are matched
/// here rather than by <c>llama_sampler_init_grammar_lazy_patterns</c>, whose replay of the text after a trigger throws
/// (and so aborts) when that text does not fit the grammar: here it is fed byte by byte, checked, and a trigger whose
/// text cannot start the grammar leaves the output unconstrained.
/// </summary>
internal sealed unsafe class GrammarSampler : IDisposable
{
    private readonly TriggerMatcher? _triggers;
    private readonly Decoder? _decoder;
    // The text generated while waiting for a trigger; only its new end is searched after each token.
    private char[] _text = [];
    private int _length;
    private IntPtr _native;

    /// <param name="native">The grammar sampler, owned from now on.</param>
    /// <param name="triggers">The constraint's triggers; null when the grammar is not lazy.</param>
    public GrammarSampler(IntPtr native, TriggerMatcher? triggers)
    {
        _native = native;
        _triggers = triggers;
        if (triggers is not null)
        {
            IsAwaitingTrigger = true;
            _decoder = Encoding.UTF8.GetDecoder();
        }
    }

    /// <summary>Bytes the output's last character still needs (the grammar reads code points, not bytes).</summary>
    public int PendingUtf8 { get; set; }

    /// <summary>Waiting for a trigger: the output is free until then.</summary>
    public bool IsAwaitingTrigger { get; private set; }

    /// <summary>Constraining the output now.</summary>
    public bool IsActive => _native != IntPtr.Zero && !IsAwaitingTrigger;

    /// <summary>Whether the grammar allows <paramref name="token"/> next (always true while inactive).</summary>
    public bool Allows(int token)
    {
        if (!IsActive)
        {
            return true;
        }

        var one = new LlamaSamplingApi.TokenData { Id = token };
        var array = new LlamaSamplingApi.TokenDataArray { Data = &one, Size = 1, Selected = -1 };
        LlamaSamplingApi.Apply(_native, &array);
        return !float.IsNegativeInfinity(one.Logit);
    }

    /// <summary>Sets the logits of the tokens the grammar rejects to -∞.</summary>
    public void Constrain(LlamaSamplingApi.TokenDataArray* candidates)
    {
        if (IsActive)
        {
            LlamaSamplingApi.Apply(_native, candidates);
        }
    }

    /// <summary>
    /// Sets to -∞ the logits of the tokens the grammar would reject right after <paramref name="token"/> (which
    /// <see cref="Allows"/> accepted), on a copy: the grammar itself does not move.
    /// </summary>
    public void ConstrainAfter(int token, LlamaSamplingApi.TokenDataArray* candidates)
    {
        if (!IsActive)
        {
            return;
        }

        var copy = LlamaSamplingApi.Clone(_native);
        try
        {
            LlamaSamplingApi.Accept(copy, token);
            LlamaSamplingApi.Apply(copy, candidates);
        }
        finally
        {
            LlamaSamplingApi.Free(copy);
        }
    }

    /// <summary>Advances past <paramref name="token"/>, which <see cref="Allows"/> accepted.</summary>
    public void Accept(int token, byte[] piece, Func<byte, int> byteToken)
    {
        if (_native == IntPtr.Zero)
        {
            return;
        }

        if (!IsAwaitingTrigger)
        {
            LlamaSamplingApi.Accept(_native, token);
            return;
        }

        var searched = _length;
        var needed = _length + Encoding.UTF8.GetMaxCharCount(piece.Length);
        if (_text.Length < needed)
        {
            Array.Resize(ref _text, Math.Max(needed, _text.Length * 2));
        }

        _length += _decoder!.GetChars(piece, _text.AsSpan(_length), flush: false);
        var start = _length == searched ? -1 : _triggers!.Find(_text.AsSpan(0, _length), searched);
        if (start < 0)
        {
            return;
        }

        IsAwaitingTrigger = false;
        foreach (var b in Encoding.UTF8.GetBytes(_text, start, _length - start))
        {
            var byteAsToken = byteToken(b);
            if (byteAsToken < 0 || !Allows(byteAsToken))
            {
                // The text from the trigger on cannot start the grammar: a false start, left unconstrained.
                Release();
                return;
            }

            LlamaSamplingApi.Accept(_native, byteAsToken);
        }
    }

    public void Dispose() => Release();

    private void Release()
    {
        if (_native != IntPtr.Zero)
        {
            LlamaSamplingApi.Free(_native);
            _native = IntPtr.Zero;
        }
    }
}
