namespace Synapse.Engine.Scheduling;

/// <summary>One backend sequence and the request using it. Owned by the inference loop only.</summary>
internal sealed class SequenceSlot(int id)
{
    public int SequenceId { get; } = id;

    public Generation? Request { get; set; }

    /// <summary>Tokens of this sequence already in the KV cache (the next token's position).</summary>
    public int Past { get; set; }

    /// <summary>Prompt tokens already put in a batch.</summary>
    public int Prefilled { get; set; }

    /// <summary>The last sampled token, decoded in the next step.</summary>
    public int Pending { get; set; }

    /// <summary>Index of this sequence's logits in the current batch, or -1.</summary>
    public int LogitsIndex { get; set; } = -1;

    /// <summary>Tokens of this sequence in the current step's batch.</summary>
    public int BatchTokens { get; set; }

    /// <summary>
    /// The tokens this sequence's KV cells hold, in position order: what a later prompt may reuse. Tokens are added
    /// as they enter a batch; a failed decode frees the sequence and clears them.
    /// </summary>
    public List<int> Tokens { get; } = [];

    /// <summary>When a request last took this slot (the prefix cache's clock), for least-recently-used choice.</summary>
    public long LastUsed { get; set; }

    public bool IsFree => Request is null;

    public bool IsPrefilling => Request is not null && Prefilled < Request.Prompt.Length;

    /// <summary>Ends the request; <see cref="Tokens"/> stay for the prefix cache.</summary>
    public void Reset()
    {
        Request = null;
        Past = 0;
        Prefilled = 0;
        Pending = default;
        LogitsIndex = -1;
        BatchTokens = 0;
    }
}
