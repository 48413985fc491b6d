using Synapse.Node.Configuration;

namespace Synapse.Node.Responses.Storage;

/// <summary>Where and how long the node keeps stored responses; made from <see cref="NodeOptions"/> by <see cref="ResponseStoreExtensions.AddResponseStore"/>.</summary>
public sealed class ResponseStoreOptions
{
    /// <summary>The database's name inside SYNAPSE_DATA_DIR.</summary>
    public const string FileName = "responses.db";

    /// <summary>
    /// How often expired responses are deleted from the file. Lookups never return an expired one whatever the
    /// sweep's timing, so this only decides how soon their space is freed.
    /// </summary>
    public static readonly TimeSpan DefaultSweepInterval = TimeSpan.FromHours(1);

    /// <summary>False (SYNAPSE_RESPONSES_STORE=false): nothing is stored, as if every request said <c>store: false</c>.</summary>
    public bool Enabled { get; set; } = NodeOptions.DefaultResponsesStore;

    public string DatabasePath { get; set; } = "";

    /// <summary>A response older than this (by its <see cref="StoredResponse.CreatedAt"/>) is gone.</summary>
    public TimeSpan MaxAge { get; set; } = NodeOptions.DefaultResponsesMaxAge;

    /// <summary>Most bytes of stored text (ids, model, the two JSON documents, UTF-8); beyond it the oldest go first.</summary>
    public long MaxBytes { get; set; } = NodeOptions.DefaultResponsesMaxMb * 1024L * 1024L;

    public TimeSpan SweepInterval { get; set; } = DefaultSweepInterval;

    public static ResponseStoreOptions From(NodeOptions node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new ResponseStoreOptions
        {
            Enabled = node.ResponsesStore,
            DatabasePath = node.DataDirectory.Length == 0 ? "" : Path.Combine(node.DataDirectory, FileName),
            MaxAge = node.ResponsesMaxAge,
            MaxBytes = node.ResponsesMaxMb * 1024L * 1024L,
        };
    }
}
