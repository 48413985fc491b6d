namespace Synapse.Engine.Model;

public readonly record struct ChatTurn(string Role, string Content);
