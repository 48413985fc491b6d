using Synapse.Engine.Model;

namespace Synapse.Node.Prompting;

/// <summary>Turns chat messages into the prompt text the model was trained on (its chat template).</summary>
public interface IPromptRenderer
{
    string RenderChat(IReadOnlyList<ChatTurn> messages, bool addGenerationPrompt);
}
