namespace Synapse.Engine.Generation;

/// <summary>
/// A token with its log-probability: the log-softmax of the model's raw logits at that step, before logit bias,
/// penalties, temperature or a grammar changed them (vLLM's default). <see cref="Top"/> holds the most likely tokens of
/// that step, most likely first (each with an empty <see cref="Top"/>).
/// </summary>
/// <param name="Token">The token id.</param>
/// <param name="Bytes">The token's bytes as generated text shows them (a token may hold part of a UTF-8 character).</param>
/// <param name="Logprob">Natural log of its probability.</param>
/// <param name="Top">The step's most likely tokens, as many as were asked for.</param>
public sealed record TokenLogprob(int Token, byte[] Bytes, float Logprob, IReadOnlyList<TokenLogprob> Top);
