namespace Synapse.Engine.Backend;

/// <summary>One request's sampling state, owned by the backend that created it.</summary>
internal interface ITokenSampler : IDisposable;
