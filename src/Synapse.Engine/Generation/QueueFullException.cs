namespace Synapse.Engine.Generation;

/// <summary>All slots are busy and the waiting queue is full; the caller should answer 503 with Retry-After.</summary>
public sealed class QueueFullException(int queueSize)
    : Exception($"The server is overloaded: all slots are busy and {queueSize} requests are already waiting.")
{
    public int QueueSize { get; } = queueSize;
}
