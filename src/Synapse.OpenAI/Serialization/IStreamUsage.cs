namespace Synapse.OpenAI.Serialization;

/// <summary>
/// A stream chunk whose <c>usage</c> field OpenAI writes as <c>null</c> on every chunk when
/// <c>stream_options.include_usage</c> is set, and leaves out otherwise.
/// </summary>
internal interface IStreamUsage
{
    bool IncludeUsage { get; }
}
