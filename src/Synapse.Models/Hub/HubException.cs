namespace Synapse.Models.Hub;

/// <summary>A model could not be fetched from the hub or its cache; the message says what to do.</summary>
public sealed class HubException : Exception
{
    public HubException(HubErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public HubException()
    {
    }

    public HubException(string message)
        : base(message)
    {
    }

    public HubException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HubErrorKind Kind { get; } = HubErrorKind.HubError;
}
