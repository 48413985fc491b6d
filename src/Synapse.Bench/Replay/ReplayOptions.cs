namespace Synapse.Bench.Replay;

/// <summary>
/// The multi-turn replay: <see cref="Conversations"/> chats run at once, each <see cref="Turns"/> turns long. Every
/// conversation opens with the same system prompt; each turn sends the whole conversation so far (the server's
/// earlier answers included) plus a new user message, as a chat client does.
/// </summary>
public sealed record ReplayOptions
{
    public int Conversations { get; init; } = 4;
    public int Turns { get; init; } = 8;
    /// <summary>Words of the shared system prompt.</summary>
    public int SystemWords { get; init; } = 200;
    /// <summary>Words of each new user message.</summary>
    public int TurnWords { get; init; } = 200;
    public int OutputTokens { get; init; } = 48;
    public bool IgnoreEos { get; init; } = true;
    /// <summary>Sends <c>user: "replay-N"</c> with conversation N's requests (a session key some routers stick to).</summary>
    public bool SendUser { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
