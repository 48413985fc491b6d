using System.Globalization;
using System.Text.Json;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Errors;

namespace Synapse.OpenAI.Validation;

/// <summary>Range checks shared by chat and legacy completions, in OpenAI's ranges and wording.</summary>
internal static class CommonChecks
{
    public static ApiError? Range(string param, double? value, double min, double max)
    {
        if (value is not { } v) return null;
        if (v < min) return ApiError.DecimalBelowMin(param, min, v);
        if (v > max) return ApiError.DecimalAboveMax(param, max, v);
        return null;
    }

    public static ApiError? Range(string param, long? value, long min, long max)
    {
        if (value is not { } v) return null;
        if (v < min) return ApiError.IntegerBelowMin(param, min, v);
        if (v > max) return ApiError.IntegerAboveMax(param, max, v);
        return null;
    }

    public static ApiError? Model(string? model, RequestLimits limits)
    {
        if (model is null) return limits.RequireModel ? ApiError.MissingParameter("model") : null;
        if (model.Length == 0 && limits.RequireModel)
            return ApiError.InvalidValue("model", "Invalid 'model': empty string. Expected a model id.");
        return null;
    }

    public static ApiError? Stop(List<string>? stop, RequestLimits limits)
    {
        if (stop is null) return null;
        var max = Math.Min(limits.MaxStopSequences, SamplingLimits.MaxStopSequences);
        if (stop.Count > max) return ApiError.ArrayTooLong("stop", max, stop.Count);
        for (var i = 0; i < stop.Count; i++)
        {
            if (stop[i].Length == 0)
                return ApiError.InvalidValue($"stop[{i}]", $"Invalid 'stop[{i}]': empty string. Stop sequences must not be empty.");
        }
        return null;
    }

    public static ApiError? StreamOptions(bool? stream, StreamOptions? streamOptions) =>
        streamOptions is not null && stream != true
            ? ApiError.InvalidValue("stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled.")
            : null;

    public static ApiError? LogitBias(Dictionary<string, double>? bias, RequestLimits limits)
    {
        if (bias is null || bias.Count == 0) return null;
        foreach (var (key, value) in bias)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                return ApiError.InvalidValue("logit_bias", $"Invalid key in 'logit_bias': '{key}'. Keys must be token ids.");
            if (Range($"logit_bias.{key}", value, -100, 100) is { } e) return e;
        }
        return limits.SupportsLogitBias ? null : ApiError.Unsupported("logit_bias", "'logit_bias' is not supported by this server.");
    }

    /// <summary>The extensions vLLM and llama.cpp accept.</summary>
    public static ApiError? Extensions(TextGenerationRequest request)
    {
        if (Range("top_k", request.TopK, SamplingLimits.MinTopK, int.MaxValue) is { } e1) return e1;
        if (Range("min_p", request.MinP, SamplingLimits.MinMinP, SamplingLimits.MaxMinP) is { } e2) return e2;
        if (request.RepetitionPenalty is { } rp && !SamplingLimits.IsValidRepetitionPenalty(rp))
        {
            var value = rp.ToString(CultureInfo.InvariantCulture);
            return rp > SamplingLimits.MaxRepetitionPenalty
                ? ApiError.DecimalAboveMax("repetition_penalty", SamplingLimits.MaxRepetitionPenalty, rp)
                : new ApiError(400,
                    $"Invalid 'repetition_penalty': decimal below minimum value. Expected a value > 0, but got {value} instead.",
                    ErrorTypes.InvalidRequest, "repetition_penalty", ErrorCodes.DecimalBelowMinValue);
        }
        return null;
    }

    public static ApiError? Sampling(TextGenerationRequest request, RequestLimits limits) =>
        Range("temperature", request.Temperature, SamplingLimits.MinTemperature, SamplingLimits.MaxTemperature)
        ?? Range("top_p", request.TopP, SamplingLimits.MinTopP, SamplingLimits.MaxTopP)
        ?? Range("n", request.N, 1, Math.Min(limits.MaxN, SamplingLimits.MaxN))
        ?? Range("presence_penalty", request.PresencePenalty, SamplingLimits.MinPenalty, SamplingLimits.MaxPenalty)
        ?? Range("frequency_penalty", request.FrequencyPenalty, SamplingLimits.MinPenalty, SamplingLimits.MaxPenalty);

    /// <summary>OpenAI's rule for function names: 1 to 64 of a-z, A-Z, 0-9, '_' and '-'.</summary>
    public static ApiError? FunctionName(string param, string name)
    {
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            return ApiError.InvalidValue(param, $"Invalid '{param}': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]{{1,64}}$'.");
        return null;
    }

    /// <summary>
    /// JSON lets a string escape a lone surrogate ("\ud800"); the parser keeps such values as raw JSON, and they would
    /// only fail when the template reads them. Every string and property name is decoded here once instead.
    /// </summary>
    public static bool HoldsOnlyText(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!HoldsOnlyText(item)) return false;
                    }
                    return true;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!HoldsOnlyText(property.Value)) return false;
                    }
                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
