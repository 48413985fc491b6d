namespace Synapse.Engine.Generation;

public enum FinishReason
{
    /// <summary>An end-of-generation token or a stop string.</summary>
    Stop,
    /// <summary>max_tokens or the context was reached.</summary>
    Length,
    /// <summary>The caller cancelled; nothing more will be sent.</summary>
    Cancelled,
}
