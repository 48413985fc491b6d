using System.Text;
using System.Text.RegularExpressions;
using Synapse.Engine.Grammar;
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
    private static readonly TimeSpan TriggerTimeout = TimeSpan.FromMilliseconds(200);

    private readonly GrammarConstraint _constraint;
    private readonly StringBuilder? _text;
    private readonly Decoder? _decoder;
    private IntPtr _native;

    public GrammarSampler(IntPtr native, GrammarConstraint constraint)
    {
        _native = native;
        _constraint = constraint;
        if (constraint.IsLazy)
        {
            IsAwaitingTrigger = true;
            _text = new StringBuilder();
            _decoder = Encoding.UTF8.GetDecoder();
        }
    }

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

        var chars = new char[Encoding.UTF8.GetMaxCharCount(piece.Length)];
        var count = _decoder!.GetChars(piece, chars, flush: false);
        _text!.Append(chars, 0, count);
        var start = TriggerStart(_text.ToString());
        if (start < 0)
        {
            return;
        }

        IsAwaitingTrigger = false;
        foreach (var b in Encoding.UTF8.GetBytes(_text.ToString(start, _text.Length - start)))
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

    private int TriggerStart(string text)
    {
        var best = -1;
        foreach (var word in _constraint.TriggerWords)
        {
            var at = text.IndexOf(word, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best))
            {
                best = at;
            }
        }

        foreach (var pattern in _constraint.TriggerPatterns)
        {
            var match = Regex.Match(text, pattern, RegexOptions.None, TriggerTimeout);
            if (match.Success)
            {
                var at = match.Groups.Count > 1 && match.Groups[1].Success ? match.Groups[1].Index : match.Index;
                if (best < 0 || at < best)
                {
                    best = at;
                }
            }
        }

        return best;
    }

    private void Release()
    {
        if (_native != IntPtr.Zero)
        {
            LlamaSamplingApi.Free(_native);
            _native = IntPtr.Zero;
        }
    }
}
