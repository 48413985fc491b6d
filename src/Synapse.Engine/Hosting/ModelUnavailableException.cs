namespace Synapse.Engine.Hosting;

/// <summary>
/// Thrown by an <see cref="IModelSource"/> that cannot supply the model for a reason the user can fix (the hub
/// unreachable, a repository gated or missing, offline without a cached copy). The engine's load path logs its message
/// as one line, the stack only at Debug, and stops the host with exit code 1.
/// </summary>
public sealed class ModelUnavailableException(string message, Exception innerException) : Exception(message, innerException);
