using Synapse.Engine.Grammar;
using Synapse.Engine.Native;

namespace Synapse.Engine.Sampling;

/// <summary>
/// Parsed grammars by text and root, each kept as a native grammar sampler that requests clone (a copy of the parsed
/// rules, far cheaper than parsing). Used from submitting threads, never from the inference loop; a rejected grammar
/// is an <see cref="InvalidGrammarException"/> and is not cached.
/// </summary>
internal sealed class CompiledGrammarCache(IntPtr vocab, int capacity = 256) : IDisposable
{
    private readonly Dictionary<(string Gbnf, string Root), IntPtr> _prototypes = [];
    private readonly Queue<(string, string)> _order = new();
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>A fresh grammar sampler for <paramref name="constraint"/>, owned by the caller.</summary>
    public IntPtr Create(GrammarConstraint constraint)
    {
        var key = (constraint.Gbnf, constraint.Root);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_prototypes.TryGetValue(key, out var prototype))
            {
                return Cloned(prototype);
            }
        }

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
                return parsed;
            }

            if (_prototypes.Count >= capacity && _order.TryDequeue(out var oldest) && _prototypes.Remove(oldest, out var evicted))
            {
                LlamaSamplingApi.Free(evicted);
            }

            _prototypes[key] = parsed;
            _order.Enqueue(key);
            return Cloned(parsed);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var prototype in _prototypes.Values)
            {
                LlamaSamplingApi.Free(prototype);
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
