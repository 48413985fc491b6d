namespace Synapse.Models.Hub;

/// <summary>Why a model could not be fetched; each has its own advice in the message.</summary>
public enum HubErrorKind
{
    /// <summary>A gated repository whose licence the user has not accepted, or no token was sent (401/403).</summary>
    Gated,

    /// <summary>The repository does not exist (or is private and the token cannot see it).</summary>
    RepositoryNotFound,

    /// <summary>The repository exists but the branch, tag or commit does not.</summary>
    RevisionNotFound,

    /// <summary>The repository holds no weights Synapse can use (only .bin/.pt/.h5, or no config.json).</summary>
    NoSupportedWeights,

    /// <summary>The hub could not be reached and the cache holds nothing usable.</summary>
    Unreachable,

    /// <summary>HF_HUB_OFFLINE is set and the cache does not hold the model.</summary>
    NotCached,

    /// <summary>A downloaded file does not match the hub's checksum or size.</summary>
    ChecksumMismatch,

    /// <summary>The disk is full.</summary>
    DiskFull,

    /// <summary>The hub answered with an unexpected error.</summary>
    HubError,
}
