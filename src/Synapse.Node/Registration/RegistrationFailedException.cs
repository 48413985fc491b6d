namespace Synapse.Node.Registration;

/// <summary>One registration attempt failed (balancer unreachable, refused, or answered something unexpected); the node retries.</summary>
internal sealed class RegistrationFailedException(string message) : Exception(message);
