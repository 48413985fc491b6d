using OpenAI.Chat;
using Synapse.EndToEnd.Infrastructure;

namespace Synapse.EndToEnd;

/// <summary>
/// The <c>prefix</c> policy over three node processes, driven by the official OpenAI client as a chat application
/// does: every turn sends the whole conversation again. While load is even each conversation keeps to the node
/// of its first turn (the one holding its prefix); a drained or killed node's conversations move, and none of
/// their requests is lost.
/// </summary>
public sealed class PrefixRoutingTests : IAsyncLifetime
{
    private const int Conversations = 6;

    private Fleet? _fleet;

    private Fleet Fleet => _fleet!;

    public async ValueTask InitializeAsync() =>
        _fleet = await Fleet.StartAsync([Fleet.SimulatedNode(), Fleet.SimulatedNode(), Fleet.SimulatedNode()], "--policy", "prefix");

    public async ValueTask DisposeAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }
    }

    [Fact]
    public async Task TurnsKeepToTheFirstTurnsNodeAndMoveOffADrainedOrKilledOneWithNoRequestLost()
    {
        var conversations = Enumerable.Range(0, Conversations).Select(i => new Conversation(Fleet.Balancer.Chat(SimulatedFleetFixture.Model), i)).ToList();
        foreach (var conversation in conversations)
        {
            await conversation.TurnAsync();
        }

        // The first turns spread over the nodes: load is even, and no node holds more than the short system prompt.
        Assert.Equal(Fleet.Nodes.Select(n => n.Id).Order(), conversations.Select(c => c.Nodes[0]).Distinct().Order());
        for (var turn = 2; turn <= 4; turn++)
        {
            foreach (var conversation in conversations)
            {
                Assert.Equal(conversation.Nodes[0], await conversation.TurnAsync());
            }
        }

        // Drained: its conversations move, the others stay.
        var drained = conversations[0].Nodes[0];
        await Fleet.Balancer.AdminPostAsync($"/admin/nodes/{drained}/drain");
        try
        {
            foreach (var conversation in conversations)
            {
                var node = await conversation.TurnAsync();
                if (conversation.Nodes[0] == drained)
                {
                    Assert.NotEqual(drained, node);
                }
                else
                {
                    Assert.Equal(conversation.Nodes[0], node);
                }
            }
        }
        finally
        {
            await Fleet.Balancer.AdminPostAsync($"/admin/nodes/{drained}/resume");
            await Fleet.Balancer.WaitForHealthAsync(drained, "healthy");
        }

        // Back in the pool, the drained node holds only the moved conversations' older turns: they stay where they went.
        foreach (var conversation in conversations)
        {
            Assert.Equal(conversation.Nodes[^1], await conversation.TurnAsync());
        }

        // Killed while generating: every conversation's next turn at once, 40 tokens each (about a second).
        var victimId = conversations.First(c => c.Nodes[0] != drained).Nodes[0];
        var victim = Fleet.Nodes.Single(n => n.Id == victimId);
        var turns = conversations.Select(c => c.TurnAsync(maxTokens: 40)).ToList();
        await Eventually.WaitAsync(async () => await victim.RunningAsync() > 0, "the victim to be generating");
        await victim.KillAsync();
        await Task.WhenAll(turns);

        // Every turn was answered (TurnAsync checks each). From now on no turn goes to the victim, and each
        // conversation keeps to the node of its latest answered turn (load, uneven while they ran together, may
        // have moved some), or, if that was the victim, to the node it moves to.
        foreach (var conversation in conversations)
        {
            var latest = conversation.Nodes[^1];
            var node = await conversation.TurnAsync();
            Assert.NotEqual(victimId, node);
            if (latest != victimId)
            {
                Assert.Equal(latest, node);
            }

            Assert.Equal(node, await conversation.TurnAsync());
        }
    }

    /// <summary>
    /// One chat: a short system prompt every conversation shares, then its own turns, each sent with all before it.
    /// (A shared prefix under the match threshold: the first turns spread by load and tree size.)
    /// </summary>
    private sealed class Conversation(ChatClient chat, int index)
    {
        private readonly List<ChatMessage> _messages = [new SystemChatMessage("Be brief.")];

        /// <summary>The node of each turn so far.</summary>
        public List<string> Nodes { get; } = [];

        /// <summary>Sends the next turn; returns the node that answered it.</summary>
        public async Task<string> TurnAsync(int maxTokens = 2)
        {
            _messages.Add(new UserChatMessage($"Conversation {index}, turn {Nodes.Count + 1}: what can you tell me about the number {(index * 97) + Nodes.Count}?"));
            var result = await chat.CompleteChatAsync(_messages, new ChatCompletionOptions { MaxOutputTokenCount = maxTokens });
            Assert.Equal(ChatFinishReason.Length, result.Value.FinishReason);
            _messages.Add(new AssistantChatMessage(result.Value.Content[0].Text));
            var node = RoutingTests.NodeOf(result);
            Nodes.Add(node);
            return node;
        }
    }
}
