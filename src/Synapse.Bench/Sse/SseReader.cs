using System.Runtime.CompilerServices;
using System.Text;

namespace Synapse.Bench.Sse;

/// <summary>
/// Reads a text/event-stream as the WHATWG spec describes: lines end in CRLF, LF or CR; a blank line dispatches
/// the event; <c>:</c> lines are comments (keep-alives); several <c>data:</c> lines join with '\n'; one space after
/// the colon is dropped. Frames split across network reads are reassembled by the line reader.
/// </summary>
public static class SseReader
{
    public static async IAsyncEnumerable<SseEvent> ReadAsync(
        Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        var data = new StringBuilder();
        var hasData = false;
        string? eventType = null;
        string? id = null;

        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (hasData)
                {
                    yield return new SseEvent(data.ToString(), eventType, id);
                }

                data.Clear();
                hasData = false;
                eventType = null;
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "data":
                    if (hasData)
                    {
                        data.Append('\n');
                    }

                    data.Append(value);
                    hasData = true;
                    break;
                case "event":
                    eventType = value;
                    break;
                case "id":
                    id = value;
                    break;
            }
        }

        // The spec drops an unterminated last event; servers that close right after "data: [DONE]" without the
        // blank line are common enough that a benchmark should not count them as failures.
        if (hasData)
        {
            yield return new SseEvent(data.ToString(), eventType, id);
        }
    }
}
