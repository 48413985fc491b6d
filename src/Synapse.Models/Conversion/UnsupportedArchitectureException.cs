namespace Synapse.Models.Conversion;

/// <summary>A model whose architecture the converter cannot handle; the message names the ones it can.</summary>
public sealed class UnsupportedArchitectureException : NotSupportedException
{
    public UnsupportedArchitectureException(string architecture, IEnumerable<string> supported)
        : base($"Model architecture '{architecture}' is not supported for conversion. Supported: {string.Join(", ", supported)}.")
    {
        Architecture = architecture;
        Supported = supported.ToArray();
    }

    public UnsupportedArchitectureException()
        : this("(unknown)", [])
    {
    }

    public UnsupportedArchitectureException(string message)
        : base(message)
    {
        Architecture = "(unknown)";
        Supported = [];
    }

    public UnsupportedArchitectureException(string message, Exception innerException)
        : base(message, innerException)
    {
        Architecture = "(unknown)";
        Supported = [];
    }

    /// <summary>The architecture named in config.json (its <c>architectures</c> entry or <c>model_type</c>).</summary>
    public string Architecture { get; }

    public IReadOnlyList<string> Supported { get; }
}
