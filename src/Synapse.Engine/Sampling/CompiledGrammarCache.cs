using Synapse.Engine.Grammar;
using Synapse.Engine.Native;

namespace Synapse.Engine.Sampling;

/// <summary>
/// Parsed grammars by text, root and triggers, each kept as a native grammar sampler that requests clone (a copy of
/// the parsed rules, far cheaper than parsing) with its compiled <see cref="TriggerMatcher"/>. Used from submitting
/// threads, never from the inference loop; a rejected grammar is an <see cref="InvalidGrammarException"/> and is not
/// cached.
/// </summary>
internal sealed class CompiledGrammarCache(IntPtr vocab, int capacity = 256) : IDisposable
{
    private readonly Dictionary<(string Gbnf, string Root, string Triggers), (IntPtr Native, TriggerMatcher? Triggers)> _prototypes = [];
    private readonly Queue<(string, string, string)> _order = new();
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>A fresh grammar sampler for <paramref name="constraint"/>, owned by the caller, and its shared triggers.</summary>
    public (IntPtr Native, TriggerMatcher? Triggers) Create(GrammarConstraint constraint)
    {
        // Words and patterns apart ("\u0001") and from each other ("\u0000"): no two trigger lists share a key.
        var key = (constraint.Gbnf, constraint.Root, string.Join('\u0000', constraint.TriggerWords) + '\u0001' + string.Join('\u0000', constraint.TriggerPatterns));
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_prototypes.TryGetValue(key, out var prototype))
            {
                return (Cloned(prototype.Native), prototype.Triggers);
            }
        }

        var triggers = TriggerMatcher.For(constraint);

        // Parsing may take milliseconds: outside the lock, so other requests are not held up.
        var parsed = LlamaSamplingApi.InitGrammar(vocab, constraint.Gbnf, constraint.Root);
        if (parsed == IntPtr.Zero)
        {
            throw new InvalidGrammarException($"llama.cpp could not parse the grammar (a syntax error, an undefined rule, left recursion, or no '{constraint.Root}' rule).");
        }

        lock (_lock)
        {
            if (_disposed || _prototypes.ContainsKey(key))
            {
                return (parsed, triggers);
            }

            if (_prototypes.Count >= capacity && _order.TryDequeue(out var oldest) && _prototypes.Remove(oldest, out var evicted))
            {
                LlamaSamplingApi.Free(evicted.Native);
            }

            _prototypes[key] = (parsed, triggers);
            _order.Enqueue(key);
            return (Cloned(parsed), triggers);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var prototype in _prototypes.Values)
            {
                LlamaSamplingApi.Free(prototype.Native);
            }

            _prototypes.Clear();
        }
    }

    private static IntPtr Cloned(IntPtr prototype)
    {
        var clone = LlamaSamplingApi.Clone(prototype);
        return clone != IntPtr.Zero ? clone : throw new InvalidOperationException("llama_sampler_clone returned NULL for a grammar.");
    }
}
