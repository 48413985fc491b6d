namespace Synapse.LoadBalancer.Tests.Infrastructure;

/// <summary>What a fake node's /v1/chat/completions does.</summary>
public enum ChatBehaviour
{
    /// <summary>Answers (JSON or SSE) after <see cref="FakeNode.Delay"/>.</summary>
    Answer,
    /// <summary>Reads the request, then drops the connection without a byte: a node dying before it answers.</summary>
    DieBeforeAnswer,
    /// <summary>Streams <see cref="FakeNode.ChunksBeforeDeath"/> chunks, then drops the connection mid-stream.</summary>
    DieMidStream,
    /// <summary>503 with Retry-After, as a node whose queue is full.</summary>
    QueueFull,
    /// <summary>500, as a broken node.</summary>
    ServerError,
}
