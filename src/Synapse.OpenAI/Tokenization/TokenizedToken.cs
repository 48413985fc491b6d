using System.Text.Json.Serialization;
using Synapse.OpenAI.Serialization;

namespace Synapse.OpenAI.Tokenization;

/// <summary>
/// One token of a <c>/tokenize</c> answer: a bare id, or with <see cref="Piece"/> llama-server's
/// <c>{"id", "piece"}</c>, the piece a string when its bytes are valid UTF-8 and the array of its bytes otherwise.
/// </summary>
[JsonConverter(typeof(TokenizedTokenConverter))]
public readonly record struct TokenizedToken(int Id, byte[]? Piece = null);
