using Synapse.Bench.Prompts;

namespace Synapse.Bench.Replay;

/// <summary>
/// The messages of one replayed conversation. The system prompt is the same for all conversations (variant 0); each
/// user message is its own word order, so only the system prompt and the conversation's own history are shared.
/// </summary>
public sealed class ReplayConversation(int index, ReplayOptions options, SyntheticPrompt prompt)
{
    private readonly List<ReplayMessage> _messages = [new("system", prompt.Build(options.SystemWords, 0))];

    public int Index { get; } = index;

    public IReadOnlyList<ReplayMessage> Messages => _messages;

    /// <summary>Adds turn <paramref name="turn"/>'s (1-based) user message.</summary>
    public void AddUserTurn(int turn) =>
        _messages.Add(new("user", prompt.Build(options.TurnWords, 1 + (Index * options.Turns) + turn)));

    public void AddAnswer(string answer) => _messages.Add(new("assistant", answer));
}
