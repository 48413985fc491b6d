namespace Synapse.Cli.Commands;

/// <summary>Where a command writes and what stops it (Ctrl+C); tests pass string writers.</summary>
public sealed record CommandContext(TextWriter Out, TextWriter Error, CancellationToken CancellationToken);
