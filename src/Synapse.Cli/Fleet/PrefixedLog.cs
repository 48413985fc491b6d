namespace Synapse.Cli.Fleet;

/// <summary>Interleaves the fleet's logs line by line, each line tagged with its process (<c>[node-8000]</c>, <c>[balancer]</c>).</summary>
public sealed class PrefixedLog(TextWriter output)
{
    private readonly Lock _gate = new();

    public void Write(string source, string line)
    {
        lock (_gate)
        {
            output.WriteLine($"[{source}] {line}");
            output.Flush();
        }
    }
}
