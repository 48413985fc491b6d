namespace Synapse.LoadBalancer.Admin;

/// <summary><c>{"id": "…", "status": "registered"}</c> (also "removed" for DELETE).</summary>
public sealed record RegisterResponse(string Id, string Status);
