namespace Synapse.Cli.CommandLine;

/// <summary>
/// One flag a command accepts. A null <see cref="ValueName"/> makes it a switch (<c>--flag</c>, or
/// <c>--flag=true|false</c>); otherwise it takes a value (<c>--flag value</c> or <c>--flag=value</c>).
/// </summary>
public sealed record CommandOption(string Name, string Description, string? ValueName = null)
{
    public bool TakesValue => ValueName is not null;

    /// <summary>Shown in help as the default, e.g. "128".</summary>
    public string? Default { get; init; }

    /// <summary>May be given more than once (values accumulate); otherwise a repeat is an error.</summary>
    public bool Repeatable { get; init; }
}
