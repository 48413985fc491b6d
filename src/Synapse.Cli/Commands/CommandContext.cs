namespace Synapse.Cli.Commands;

/// <summary>Where a command writes and what stops it (Ctrl+C); tests pass string writers.</summary>
public sealed record CommandContext(TextWriter Out, TextWriter Error, CancellationToken CancellationToken)
{
    /// <summary>Environment variables as the command sees them (HF_HOME, HF_TOKEN, ...); tests pass their own.</summary>
    public Func<string, string?> Variables { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Whether <see cref="Error"/> is a terminal (then progress is a bar redrawn in place).</summary>
    public bool ErrorIsTerminal { get; init; }
}
