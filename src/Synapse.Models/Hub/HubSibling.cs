using System.Text.Json.Serialization;

namespace Synapse.Models.Hub;

/// <summary>One file of a repository listing.</summary>
public sealed record HubSibling
{
    [JsonPropertyName("rfilename")]
    public string FileName { get; init; } = "";

    [JsonPropertyName("size")]
    public long? Size { get; init; }

    /// <summary>The git blob id (sha1 of <c>blob {size}\0{content}</c>): the ETag of a file not stored in LFS.</summary>
    [JsonPropertyName("blobId")]
    public string? BlobId { get; init; }

    [JsonPropertyName("lfs")]
    public HubLfsInfo? Lfs { get; init; }

    /// <summary>The hub's ETag for the file, which huggingface_hub names the blob after: the LFS sha256, else the git blob id.</summary>
    [JsonIgnore]
    public string? Etag => Lfs?.Sha256 ?? BlobId;

    [JsonIgnore]
    public long? ContentSize => Lfs?.Size ?? Size;
}
