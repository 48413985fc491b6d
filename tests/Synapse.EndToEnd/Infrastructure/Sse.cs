namespace Synapse.EndToEnd.Infrastructure;

/// <summary>Reads an SSE response line by line, as a client sees it arrive.</summary>
public sealed class Sse(HttpResponseMessage response) : IDisposable
{
    private StreamReader? _reader;

    /// <summary>The next <c>data:</c> payload, or null at the end of the stream.</summary>
    public async Task<string?> NextDataAsync(CancellationToken cancellationToken = default)
    {
        _reader ??= new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line["data: ".Length..];
            }
        }

        return null;
    }

    /// <summary>The next payload that carries generated text (skips the role-only first chunk).</summary>
    public async Task<string?> NextContentAsync(CancellationToken cancellationToken = default)
    {
        while (await NextDataAsync(cancellationToken) is { } data)
        {
            if (data.Contains("\"content\":\"", StringComparison.Ordinal) && !data.Contains("\"content\":\"\"", StringComparison.Ordinal))
            {
                return data;
            }
        }

        return null;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        response.Dispose();
    }
}
