using System.Text.Json.Serialization;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Completions;
using Synapse.OpenAI.Embeddings;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Models;
using Synapse.OpenAI.Tokenization;
using Synapse.OpenAI.Responses;

namespace Synapse.OpenAI.Serialization;

/// <summary>
/// Source-generated metadata for every wire type. snake_case names; nulls omitted unless a property says
/// <c>[JsonIgnore(Condition = Never)]</c> because OpenAI writes it null (finish_reason, logprobs, system_fingerprint,
/// param, code, ...). Use <see cref="OpenAIJson.Options"/> rather than this context's own options: they add the
/// stream-usage rule and the relaxed encoder.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(CompletionRequest))]
[JsonSerializable(typeof(Completion))]
[JsonSerializable(typeof(Model))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(TokenizeRequest))]
[JsonSerializable(typeof(TokenizeResponse))]
[JsonSerializable(typeof(DetokenizeRequest))]
[JsonSerializable(typeof(DetokenizeResponse))]
[JsonSerializable(typeof(ResponseRequest))]
[JsonSerializable(typeof(ResponseObject))]
[JsonSerializable(typeof(ResponseItem))]
[JsonSerializable(typeof(List<ResponseItem>))]
[JsonSerializable(typeof(List<ResponseItem?>))]
[JsonSerializable(typeof(ResponseContentPart))]
[JsonSerializable(typeof(ResponseStreamEvent))]
[JsonSerializable(typeof(ResponseErrorEvent))]
[JsonSerializable(typeof(ResponseItemList))]
[JsonSerializable(typeof(DeletedResponse))]
[JsonSerializable(typeof(EmbeddingRequest))]
[JsonSerializable(typeof(EmbeddingResponse))]
public sealed partial class OpenAIJsonContext : JsonSerializerContext;
