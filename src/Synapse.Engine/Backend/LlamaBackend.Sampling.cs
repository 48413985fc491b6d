using Synapse.Engine.Generation;
using Synapse.Engine.Native;
using Synapse.Engine.Sampling;

namespace Synapse.Engine.Backend;

internal sealed unsafe partial class LlamaBackend
{
    /// <summary>
    /// llama_sampler_sample's steps done here so a grammar and logit biases fit between the logits and the chain. As
    /// llama.cpp's common sampler does, the chain first samples unconstrained and the grammar only checks that one
    /// token; only when it is rejected does the grammar filter the whole vocabulary and the chain sample again (on
    /// the same array llama.cpp's filter would give it, but with llama.cpp asked only about the tokens whose first
    /// bytes the grammar allows: <see cref="VocabularyPrefixIndex"/>). The
    /// draw is still from the constrained distribution: a first draw t is kept with probability p(t), and otherwise
    /// (probability 1 − Z) t is drawn with p(t)/Z, in all p(t)/Z.
    /// </summary>
    private int SampleManaged(LlamaTokenSampler sampler, int batchIndex)
    {
        var logits = LlamaSamplingApi.Logits(_context.DangerousGetHandle(), batchIndex);
        var vocabulary = _model.VocabularySize;
        if (_candidates.Length < vocabulary)
        {
            _candidates = new LlamaSamplingApi.TokenData[vocabulary];
        }

        var chain = sampler.Chain.DangerousGetHandle();
        var grammar = sampler.Grammar;
        fixed (LlamaSamplingApi.TokenData* data = _candidates)
        {
            var array = Fill(data, logits, vocabulary, sampler.Bias);
            LlamaSamplingApi.Apply(chain, &array);
            var token = array.Data[array.Selected].Id;
            if (grammar is { IsActive: true } && !(_model.Utf8Shape(token).Fits(grammar.PendingUtf8) && grammar.Allows(token)))
            {
                if (grammar.PendingUtf8 == 0 && PrefixIndex() is { } index)
                {
                    array = FillAllowed(data, logits, vocabulary, sampler.Bias, grammar, index);
                }
                else
                {
                    array = Fill(data, logits, vocabulary, sampler.Bias);
                    MaskBrokenUtf8(data, vocabulary, grammar.PendingUtf8);
                    grammar.Constrain(&array);
                }

                LlamaSamplingApi.Apply(chain, &array);
                token = array.Data[array.Selected].Id;
                if (!_model.Utf8Shape(token).Fits(grammar.PendingUtf8) || !grammar.Allows(token))
                {
                    // Every token the grammar allows is out of the vocabulary's reach; accepting any would abort.
                    return -1;
                }
            }

            LlamaSamplingApi.Accept(chain, token);
            if (grammar is not null)
            {
                grammar.PendingUtf8 = _model.Utf8Shape(token).PendingAfter(grammar.PendingUtf8);
                grammar.Accept(token, sampler.Preserved.Contains(token) ? _model.SpecialPiece(token) : _model.Piece(token), _byteToken);
            }

            return token;
        }
    }

    public TokenLogprob Logprob(int batchIndex, int token, int top)
    {
        var logits = LlamaSamplingApi.Logits(_context.DangerousGetHandle(), batchIndex);
        var vocabulary = _model.VocabularySize;
        var max = float.NegativeInfinity;
        for (var i = 0; i < vocabulary; i++)
        {
            max = Math.Max(max, logits[i]);
        }

        double sum = 0;
        for (var i = 0; i < vocabulary; i++)
        {
            sum += Math.Exp(logits[i] - max);
        }

        var logSum = (float)Math.Log(sum) + max;
        var best = TopTokens(logits, vocabulary, top);
        var alternatives = new TokenLogprob[best.Length];
        for (var i = 0; i < best.Length; i++)
        {
            alternatives[i] = new TokenLogprob(best[i], _model.Piece(best[i]), logits[best[i]] - logSum, []);
        }

        return new TokenLogprob(token, _model.Piece(token), logits[token] - logSum, alternatives);
    }

    /// <summary>
    /// Under a grammar, tokens that would make the text invalid UTF-8 are out: llama.cpp's grammar reads code points
    /// and admits stray, overlong or surrogate bytes, which would reach the reply as U+FFFD.
    /// </summary>
    private void MaskBrokenUtf8(LlamaSamplingApi.TokenData* data, int vocabulary, int pending)
    {
        for (var i = 0; i < vocabulary; i++)
        {
            if (!_model.Utf8Shape(i).Fits(pending) && !_model.IsEndOfGeneration(i))
            {
                data[i].Logit = float.NegativeInfinity;
            }
        }
    }

    /// <summary>
    /// What <see cref="Fill"/>, <see cref="MaskBrokenUtf8"/> and the grammar's full-vocabulary filter leave, with no
    /// code point pending: the grammar's allowed tokens (from <see cref="VocabularyPrefixIndex"/>) keep their biased
    /// logits, every other token gets -∞.
    /// </summary>
    private LlamaSamplingApi.TokenDataArray FillAllowed(LlamaSamplingApi.TokenData* data, float* logits, int vocabulary, (int Token, float Bias)[] bias, GrammarSampler grammar, VocabularyPrefixIndex index)
    {
        if (_allowed.Length < vocabulary)
        {
            _allowed = new int[vocabulary];
            _keep = new bool[vocabulary];
        }

        var count = index.Allowed(grammar, _allowed);
        for (var i = 0; i < count; i++)
        {
            var token = _allowed[i];
            _keep[token] = _model.Utf8Shape(token).Fits(0) || _model.IsEndOfGeneration(token);
        }

        for (var i = 0; i < vocabulary; i++)
        {
            data[i] = new LlamaSamplingApi.TokenData { Id = i, Logit = _keep[i] ? logits[i] : float.NegativeInfinity };
            _keep[i] = false;
        }

        foreach (var (token, value) in bias)
        {
            data[token].Logit += value;
        }

        return new LlamaSamplingApi.TokenDataArray { Data = data, Size = (nuint)vocabulary, Selected = -1 };
    }

    /// <summary>
    /// The grammar filter's index once it is built, else null (the caller takes llama.cpp's full pass, which allows
    /// the same tokens). Building reads every token's piece (about a tenth of a second for a 50,000-token vocabulary);
    /// it runs on the thread pool from the first constrained pass on, so no step of the loop waits for it.
    /// </summary>
    private VocabularyPrefixIndex? PrefixIndex()
    {
        _prefixIndex ??= Task.Run(() => VocabularyPrefixIndex.Build(_model));
        return _prefixIndex.IsCompletedSuccessfully ? _prefixIndex.Result : null;
    }

    private static LlamaSamplingApi.TokenDataArray Fill(LlamaSamplingApi.TokenData* data, float* logits, int vocabulary, (int Token, float Bias)[] bias)
    {
        for (var i = 0; i < vocabulary; i++)
        {
            data[i] = new LlamaSamplingApi.TokenData { Id = i, Logit = logits[i] };
        }

        foreach (var (token, value) in bias)
        {
            data[token].Logit += value;
        }

        return new LlamaSamplingApi.TokenDataArray { Data = data, Size = (nuint)vocabulary, Selected = -1 };
    }

    /// <summary>The <paramref name="count"/> tokens of highest logit, highest first (ties to the lower id).</summary>
    private static int[] TopTokens(float* logits, int vocabulary, int count)
    {
        count = Math.Min(count, vocabulary);
        var tokens = new int[count];
        var filled = 0;
        for (var i = 0; i < vocabulary; i++)
        {
            var logit = logits[i];
            if (filled == count && (count == 0 || logit <= logits[tokens[count - 1]]))
            {
                continue;
            }

            var at = filled < count ? filled++ : count - 1;
            while (at > 0 && logits[tokens[at - 1]] < logit)
            {
                tokens[at] = tokens[at - 1];
                at--;
            }

            tokens[at] = i;
        }

        return tokens;
    }
}
