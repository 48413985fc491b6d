using System.Collections.Concurrent;
using System.Text.Json;

namespace Synapse.Engine.Grammar;

/// <summary>
/// GBNF grammars of JSON Schemas by the schema's text, so a schema sent again (every call of a structured-output
/// client sends the same one) is converted once. An unsupported schema is remembered too and throws its
/// <see cref="UnsupportedSchemaException"/> again. Bounded: past <see cref="Capacity"/> entries it starts over.
/// </summary>
public sealed class JsonSchemaGrammarCache(int capacity = 1024)
{
    private readonly ConcurrentDictionary<string, Lazy<string>> _grammars = new(StringComparer.Ordinal);

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Schemas held now.</summary>
    public int Count => _grammars.Count;

    /// <summary>The grammar whose root is a value of <paramref name="schema"/> (see <see cref="JsonSchemaGrammarBuilder.FromSchema"/>).</summary>
    public string Get(JsonElement schema)
    {
        var key = schema.GetRawText();
        if (!_grammars.TryGetValue(key, out var entry))
        {
            if (_grammars.Count >= Capacity)
            {
                _grammars.Clear();
            }

            // The element may belong to a document its caller disposes: the factory reads a private copy.
            var copy = schema.Clone();
            entry = _grammars.GetOrAdd(key, _ => new Lazy<string>(() => JsonSchemaGrammarBuilder.FromSchema(copy), LazyThreadSafetyMode.ExecutionAndPublication));
        }

        return entry.Value;
    }
}
