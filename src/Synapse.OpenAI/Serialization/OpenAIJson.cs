using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Synapse.OpenAI.Errors;

namespace Synapse.OpenAI.Serialization;

/// <summary>
/// The one way in and out of JSON for the wire types: request parsing that maps every failure to the OpenAI error
/// to answer with, and serialization (including SSE events) with options built once.
/// </summary>
public static class OpenAIJson
{
    /// <summary>Options over <see cref="OpenAIJsonContext"/>: strict reading, relaxed escaping (UTF-8 text as is), stream-usage rule. Read-only.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>The SSE terminator OpenAI sends.</summary>
    public static ReadOnlySpan<byte> SseDone => "data: [DONE]\n\n"u8;

    /// <summary>An SSE comment line that keeps proxies from timing out a stream whose prompt is still being read.</summary>
    public static ReadOnlySpan<byte> SseKeepAlive => ": keep-alive\n\n"u8;

    public static JsonTypeInfo<T> TypeInfo<T>() => TypeInfoCache<T>.Value;

    // ---- reading ------------------------------------------------------------------------------------------------

    /// <summary>Parses a request body. Failures come back as the error to answer with: malformed JSON, or a wrong type with <c>param</c> set.</summary>
    public static RequestParseResult<T> Parse<T>(ReadOnlySpan<byte> utf8) where T : class
    {
        // Some clients (PowerShell, Windows tools) send a UTF-8 byte order mark; the span reader would reject it.
        if (utf8.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        try
        {
            var value = JsonSerializer.Deserialize(utf8, TypeInfo<T>());
            if (value is null)
            {
                return RequestParseResult<T>.Failure(JsonErrorMapper.IsWellFormed(utf8)
                    ? ApiError.BodyNotObject("null")
                    : ApiError.InvalidJson());
            }
            return RequestParseResult<T>.Success(value);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return RequestParseResult<T>.Failure(JsonErrorMapper.Map(e, utf8));
        }
    }

    public static RequestParseResult<T> Parse<T>(string json) where T : class =>
        Parse<T>(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>
    /// Reads a whole request body (at most <paramref name="maxBytes"/>; more is answered 413 without reading on) and
    /// parses it.
    /// </summary>
    public static async ValueTask<RequestParseResult<T>> ReadAsync<T>(Stream body, long maxBytes,
        CancellationToken cancellationToken) where T : class
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (length > maxBytes) return RequestParseResult<T>.Failure(ApiError.RequestTooLarge(maxBytes));
            }
            return Parse<T>(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Deserializes a response type (for clients such as the benchmark); throws <see cref="JsonException"/> on bad input.</summary>
    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize(utf8, TypeInfo<T>());

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize(json, TypeInfo<T>());

    // ---- writing ------------------------------------------------------------------------------------------------

    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>());

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());

    /// <summary>Writes the JSON of <paramref name="value"/> into <paramref name="output"/> (e.g. a PipeWriter).</summary>
    public static void Serialize<T>(IBufferWriter<byte> output, T value)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        JsonSerializer.Serialize(writer, value, TypeInfo<T>());
    }

    /// <summary>Writes one SSE event, <c>data: {json}\n\n</c>, into <paramref name="output"/> (e.g. the response's PipeWriter).</summary>
    public static void WriteSseEvent<T>(IBufferWriter<byte> output, T value)
    {
        output.Write("data: "u8);
        Serialize(output, value);
        output.Write("\n\n"u8);
    }

    /// <summary>Writes <c>data: [DONE]\n\n</c>.</summary>
    public static void WriteSseDone(IBufferWriter<byte> output) => output.Write(SseDone);

    /// <summary>One SSE event as bytes.</summary>
    public static byte[] ToSseEvent<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        WriteSseEvent(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(OpenAIJsonContext.Default.Options)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = OpenAIJsonContext.Default.WithAddedModifier(StreamUsageModifier.Apply),
        };
        options.MakeReadOnly();
        return options;
    }

    private static class TypeInfoCache<T>
    {
        public static readonly JsonTypeInfo<T> Value = (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
    }
}
