using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Synapse.OpenAI.Serialization;

namespace Synapse.Node.Streaming;

/// <summary>
/// Writes server-sent events straight into the response's <see cref="PipeWriter"/>: <c>data: {json}\n\n</c> with the
/// source-generated serializer, <c>: comment\n\n</c> keep-alives and <c>data: [DONE]\n\n</c>. One reused
/// <see cref="Utf8JsonWriter"/> per stream, so a chunk costs its bytes and nothing else.
/// </summary>
public sealed class SseWriter(PipeWriter output) : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Utf8JsonWriter _json = new(output, WriterOptions);

    public void WriteData<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        output.Write("data: "u8);
        _json.Reset(output);
        JsonSerializer.Serialize(_json, value, typeInfo);
        _json.Flush();
        output.Write("\n\n"u8);
    }

    /// <summary>Writes a named event, <c>event: {name}\ndata: {json}\n\n</c> (the Responses API's typed events).</summary>
    public void WriteEvent<T>(string name, T value, JsonTypeInfo<T> typeInfo)
    {
        output.Write("event: "u8);
        System.Text.EncodingExtensions.GetBytes(System.Text.Encoding.UTF8, name, output);
        output.Write("\n"u8);
        WriteData(value, typeInfo);
    }

    /// <summary>Writes <c>data: </c> and hands out the JSON writer for hand-written events (e.g. an error envelope).</summary>
    public void WriteData(Action<Utf8JsonWriter> write)
    {
        output.Write("data: "u8);
        _json.Reset(output);
        write(_json);
        _json.Flush();
        output.Write("\n\n"u8);
    }

    public void WriteKeepAlive() => output.Write(OpenAIJson.SseKeepAlive);

    public void WriteDone() => OpenAIJson.WriteSseDone(output);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        var result = await output.FlushAsync(cancellationToken);
        if (result.IsCanceled || result.IsCompleted)
        {
            throw new OperationCanceledException("The client closed the stream.");
        }
    }

    public void Dispose() => _json.Dispose();
}
