using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Synapse.Engine;
using Synapse.Engine.Embeddings;
using Synapse.Engine.Generation;
using Synapse.Node.Configuration;
using Synapse.Node.Generation;
using Synapse.Node.Models;
using Synapse.OpenAI.Embeddings;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Validation;

namespace Synapse.Node.Embeddings;

/// <summary>
/// <c>POST /v1/embeddings</c>: each input — a string, strings, token ids or lists of token ids — is tokenized (with
/// the model's special tokens, e.g. BERT's [CLS] … [SEP]) and embedded; all inputs go to the engine together, which
/// batches them through the inference loop. <c>dimensions</c> truncates and re-normalises; <c>base64</c> sends the
/// float32 bytes as OpenAI does.
/// </summary>
public static class EmbeddingsEndpoint
{
    public static IEndpointRouteBuilder MapSynapseEmbeddings(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/embeddings", HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context, NodeOptions options, RequestValidator validator, ServedModels models,
        GenerationRunner runner, IInferenceEngine engine)
    {
        var request = await RequestBody.ReadAsync<EmbeddingRequest>(context, options);
        if (validator.Validate(request) is { } invalid)
        {
            throw invalid;
        }

        var model = models.Resolve(request.Model);
        runner.EnsureAdmitting();
        var description = engine.Model;
        if (!description.IsEmbeddingModel)
        {
            throw ModelCapabilities.NoEmbeddings(model);
        }

        if (request.Dimensions is { } dimensions && dimensions > description.EmbeddingLength)
        {
            throw ApiError.IntegerAboveMax("dimensions", description.EmbeddingLength, dimensions);
        }

        var inputs = Tokenize(request.Input!, engine, description.VocabularySize);
        EmbeddingResult result;
        try
        {
            result = await engine.EmbedAsync(inputs, context.RequestAborted);
        }
        catch (EmbeddingInputTooLongException e)
        {
            var param = request.Input!.Count == 1 ? "input" : $"input[{e.Index}]";
            throw new ApiError(400,
                $"This model's maximum input length is {e.Limit} tokens. However, '{param}' resulted in {e.Tokens} tokens. Please reduce the length of the input; it is never truncated.",
                ErrorTypes.InvalidRequest, param, ErrorCodes.ContextLengthExceeded);
        }
        catch (QueueFullException)
        {
            throw ApiError.Overloaded(retryAfterSeconds: 1);
        }
        catch (EngineUnavailableException)
        {
            throw ApiError.NotReady();
        }
        catch (EmbeddingsNotSupportedException)
        {
            throw ModelCapabilities.NoEmbeddings(model);
        }

        var base64 = request.EncodingFormat == EmbeddingEncodingFormats.Base64;
        var data = new List<EmbeddingData>(result.Embeddings.Count);
        for (var i = 0; i < result.Embeddings.Count; i++)
        {
            var vector = result.Embeddings[i].AsSpan();
            if (request.Dimensions is { } keep && keep < vector.Length)
            {
                vector = vector[..keep];
                EmbeddingVectors.Normalize(vector);
            }

            data.Add(new EmbeddingData
            {
                Index = i,
                Embedding = base64 ? EmbeddingVector.FromBase64(vector) : EmbeddingVector.FromFloats(vector.ToArray()),
            });
        }

        await ResponseJson.WriteAsync(context, new EmbeddingResponse
        {
            Data = data,
            Model = model,
            Usage = new EmbeddingUsage { PromptTokens = result.PromptTokens, TotalTokens = result.PromptTokens },
        });
    }

    /// <summary>Texts become token ids with the model's special tokens; given ids are checked against the vocabulary.</summary>
    private static List<IReadOnlyList<int>> Tokenize(OpenAI.Completions.PromptInput input, IInferenceEngine engine, int vocabulary)
    {
        var inputs = new List<IReadOnlyList<int>>(input.Count);
        for (var i = 0; i < input.Count; i++)
        {
            var param = input.Count == 1 ? "input" : $"input[{i}]";
            if (!input.IsTokens)
            {
                inputs.Add(engine.Tokenize(input.Texts[i], addSpecial: true, parseSpecial: false));
                continue;
            }

            var tokens = input.TokenLists[i];
            for (var j = 0; j < tokens.Count; j++)
            {
                if (tokens[j] >= vocabulary)
                {
                    throw ApiError.IntegerAboveMax($"{param}[{j}]", vocabulary - 1, tokens[j]);
                }
            }

            inputs.Add(tokens);
        }

        return inputs;
    }
}
