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

    public bool IsFree => Request is null;

    public bool IsPrefilling => Request is not null && Prefilled < Request.Prompt.Length;

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
