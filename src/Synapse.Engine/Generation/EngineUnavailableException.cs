namespace Synapse.Engine.Generation;

/// <summary>The engine cannot take requests now: the model is still loading, failed to load, or the node is draining. Answer 503.</summary>
public sealed class EngineUnavailableException(string message) : InvalidOperationException(message);
