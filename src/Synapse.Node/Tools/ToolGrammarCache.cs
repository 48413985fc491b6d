using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Synapse.Engine.Grammar;

namespace Synapse.Node.Tools;

/// <summary>
/// <see cref="ToolGrammar"/>s by what they are built from — the format, the offered functions (names and parameter
/// schemas as sent), <c>tool_choice</c>, <c>parallel_tool_calls</c> and the reply's schema — so an agent loop that sends the same tools
/// on every turn converts them once, as <see cref="JsonSchemaGrammarCache"/> does for <c>response_format</c>
/// schemas. A request whose tools cannot be enforced is not remembered (its 400 is built again). Bounded: past
/// <see cref="Capacity"/> entries it starts over.
/// </summary>
public sealed class ToolGrammarCache(int capacity = 256)
{
    private readonly ConcurrentDictionary<string, Lazy<GrammarConstraint?>> _grammars = new(StringComparer.Ordinal);

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Grammars held now.</summary>
    public int Count => _grammars.Count;

    /// <summary>What <see cref="ToolGrammar.For"/> returns for <paramref name="plan"/> and <paramref name="format"/>.</summary>
    public GrammarConstraint? Get(ToolPlan? plan, ToolCallFormat format)
    {
        if (plan is null || !plan.ExtractsCalls)
        {
            return null;
        }

        var key = Key(plan, format);
        if (!_grammars.TryGetValue(key, out var entry))
        {
            if (_grammars.Count >= Capacity)
            {
                _grammars.Clear();
            }

            // PublicationOnly: a failure (a 400 for an unenforceable schema) is not cached.
            entry = _grammars.GetOrAdd(key, _ => new Lazy<GrammarConstraint?>(() => ToolGrammar.For(plan, format), LazyThreadSafetyMode.PublicationOnly));
        }

        try
        {
            return entry.Value;
        }
        catch
        {
            _grammars.TryRemove(new KeyValuePair<string, Lazy<GrammarConstraint?>>(key, entry));
            throw;
        }
    }

    /// <summary>Every input of the grammar, each part length-prefixed so no two plans share a key.</summary>
    private static string Key(ToolPlan plan, ToolCallFormat format)
    {
        var key = new StringBuilder();
        key.Append((int)format).Append('|').Append((int)plan.Mode).Append('|').Append(plan.Parallel ? '1' : '0').Append('|');
        Part(key, plan.NamedFunction ?? "");
        Part(key, plan.ResponseSchema is { } schema ? schema.GetRawText() : "");
        foreach (var function in plan.Functions)
        {
            Part(key, function.Name ?? "");
            Part(key, function.Parameters is { ValueKind: not JsonValueKind.Undefined } parameters ? parameters.GetRawText() : "");
        }

        return key.ToString();
    }

    private static void Part(StringBuilder key, string value) => key.Append(value.Length).Append(':').Append(value);
}
