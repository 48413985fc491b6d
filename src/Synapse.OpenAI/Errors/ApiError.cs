using System.Globalization;

namespace Synapse.OpenAI.Errors;

/// <summary>
/// An error to answer with: HTTP status plus the OpenAI envelope fields. Thrown or returned; the factories hold the
/// wording and codes so every layer answers a given case the same way OpenAI does.
/// </summary>
public sealed class ApiError : Exception
{
    public ApiError(int statusCode, string message, string type, string? param = null, string? code = null)
        : base(message)
    {
        StatusCode = statusCode;
        Type = type;
        Param = param;
        Code = code;
    }

    public int StatusCode { get; }
    public string Type { get; }
    public string? Param { get; }
    public string? Code { get; }

    /// <summary>Seconds for a <c>Retry-After</c> header, where the case has one (overload).</summary>
    public int? RetryAfterSeconds { get; init; }

    public ErrorResponse ToResponse() =>
        new() { Error = new OpenAIError { Message = Message, Type = Type, Param = Param, Code = Code } };

    // ---- request body -------------------------------------------------------------------------------------------

    /// <summary>400: the body is not JSON (OpenAI's wording, minus its help-center pointer).</summary>
    public static ApiError InvalidJson() => new(400,
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP " +
        "library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
        ErrorTypes.InvalidRequest);

    /// <summary>400: the body is JSON but not an object.</summary>
    public static ApiError BodyNotObject(string got) => new(400,
        $"Invalid type for request body: expected an object, but got {got} instead.",
        ErrorTypes.InvalidRequest, null, ErrorCodes.InvalidType);

    /// <summary>413: the body is over the node's limit.</summary>
    public static ApiError RequestTooLarge(long limitBytes) => new(413,
        $"Request body too large: the limit is {limitBytes.ToString(CultureInfo.InvariantCulture)} bytes.",
        ErrorTypes.InvalidRequest, null, ErrorCodes.RequestTooLarge);

    /// <summary>400: a known field has the wrong JSON type, e.g. param <c>messages[0].content</c>.</summary>
    public static ApiError InvalidType(string param, string expected, string got) => new(400,
        $"Invalid type for '{param}': expected {expected}, but got {got} instead.",
        ErrorTypes.InvalidRequest, param, ErrorCodes.InvalidType);

    /// <summary>400: a number too large for the field's integer type.</summary>
    public static ApiError IntegerOutOfRange(string param) => new(400,
        $"Invalid '{param}': integer out of range.", ErrorTypes.InvalidRequest, param, ErrorCodes.InvalidValue);

    /// <summary>400: <c>Missing required parameter: 'messages'.</c></summary>
    public static ApiError MissingParameter(string param) => new(400,
        $"Missing required parameter: '{param}'.", ErrorTypes.InvalidRequest, param,
        ErrorCodes.MissingRequiredParameter);

    /// <summary>400: an array that must not be empty is.</summary>
    public static ApiError EmptyArray(string param) => new(400,
        $"Invalid '{param}': empty array. Expected an array with minimum length 1, but got an empty array instead.",
        ErrorTypes.InvalidRequest, param, ErrorCodes.EmptyArray);

    /// <summary>400: an array over its maximum length (e.g. more than 4 stop strings).</summary>
    public static ApiError ArrayTooLong(string param, int max, int actual) => new(400,
        $"Invalid '{param}': array too long. Expected an array with maximum length {max}, but got an array with length {actual} instead.",
        ErrorTypes.InvalidRequest, param, ErrorCodes.ArrayAboveMaxLength);

    /// <summary>400: a value outside an enumeration, e.g. an unknown role.</summary>
    public static ApiError InvalidValue(string param, string value, IReadOnlyList<string> supported) => new(400,
        $"Invalid value: '{value}'. Supported values are: {JoinQuoted(supported)}.",
        ErrorTypes.InvalidRequest, param, ErrorCodes.InvalidValue);

    /// <summary>400: a value that is wrong for a reason given in words.</summary>
    public static ApiError InvalidValue(string param, string message) => new(400,
        message, ErrorTypes.InvalidRequest, param, ErrorCodes.InvalidValue);

    public static ApiError DecimalAboveMax(string param, double max, double value) => new(400,
        $"Invalid '{param}': decimal above maximum value. Expected a value <= {F(max)}, but got {F(value)} instead.",
        ErrorTypes.InvalidRequest, param, ErrorCodes.DecimalAboveMaxValue);

    public static ApiError DecimalBelowMin(string param, double min, double value) => new(400,
        $"Invalid '{param}': decimal below minimum value. Expected a value >= {F(min)}, but got {F(value)} instead.",
        ErrorTypes.InvalidRequest, param, ErrorCodes.DecimalBelowMinValue);

    public static ApiError IntegerAboveMax(string param, long max, long value) => new(400,
        $"Invalid '{param}': integer above maximum value. Expected a value <= {F(max)}, but got {F(value)} instead.",
        ErrorTypes.InvalidRequest, param, ErrorCodes.IntegerAboveMaxValue);

    public static ApiError IntegerBelowMin(string param, long min, long value) => new(400,
        $"Invalid '{param}': integer below minimum value. Expected a value >= {F(min)}, but got {F(value)} instead.",
        ErrorTypes.InvalidRequest, param, ErrorCodes.IntegerBelowMinValue);

    /// <summary>400: a parameter OpenAI accepts but this server cannot honour; refused rather than silently ignored.</summary>
    public static ApiError Unsupported(string param, string message) => new(400,
        message, ErrorTypes.InvalidRequest, param, ErrorCodes.UnsupportedParameter);

    /// <summary>400: a value OpenAI accepts for the parameter but this server cannot honour (e.g. an image part).</summary>
    public static ApiError UnsupportedValue(string param, string message) => new(400,
        message, ErrorTypes.InvalidRequest, param, ErrorCodes.UnsupportedValue);

    // ---- model, auth, context ------------------------------------------------------------------------------------

    /// <summary>404 <c>model_not_found</c> (OpenAI's wording), listing the ids this node serves.</summary>
    public static ApiError ModelNotFound(string model, IEnumerable<string> servedIds) => new(404,
        $"The model `{model}` does not exist or you do not have access to it. Available models: {string.Join(", ", servedIds)}.",
        ErrorTypes.InvalidRequest, null, ErrorCodes.ModelNotFound);

    /// <summary>404 for a <c>previous_response_id</c> this node has not stored (or no longer has), OpenAI's wording.</summary>
    public static ApiError PreviousResponseNotFound(string id) => new(404,
        $"Previous response with id '{id}' not found.", ErrorTypes.InvalidRequest, "previous_response_id", ErrorCodes.PreviousResponseNotFound);

    /// <summary>404 for <c>GET</c>/<c>DELETE /v1/responses/{id}</c> of a response that is not stored.</summary>
    public static ApiError ResponseNotFound(string id) => new(404,
        $"Response with id '{id}' not found.", ErrorTypes.InvalidRequest, "response_id", ErrorCodes.ResponseNotFound);

    /// <summary>401 without an Authorization header. OpenAI sends code null here.</summary>
    public static ApiError MissingApiKey() => new(401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using " +
        "Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        ErrorTypes.InvalidRequest);

    /// <summary>401 <c>invalid_api_key</c>; the key is echoed redacted, as OpenAI does.</summary>
    public static ApiError InvalidApiKey(string? providedKey) => new(401,
        $"Incorrect API key provided: {Redact(providedKey)}.",
        ErrorTypes.InvalidRequest, null, ErrorCodes.InvalidApiKey);

    /// <summary>400 <c>context_length_exceeded</c> for a prompt that alone does not fit.</summary>
    public static ApiError ContextLengthExceeded(int maxContextTokens, int promptTokens, string param = "messages")
    {
        var input = PromptNoun(param);
        return new(400,
            $"This model's maximum context length is {maxContextTokens} tokens. However, your " +
            $"{input} resulted in {promptTokens} tokens. Please reduce the length of the {input}.",
            ErrorTypes.InvalidRequest, param, ErrorCodes.ContextLengthExceeded);
    }

    /// <summary>400 <c>context_length_exceeded</c> when prompt plus the requested completion do not fit.</summary>
    public static ApiError ContextLengthExceeded(int maxContextTokens, int promptTokens, int completionTokens,
        string param = "messages")
    {
        var input = PromptNoun(param);
        return new(400,
            $"This model's maximum context length is {maxContextTokens} tokens. However, you requested " +
            $"{promptTokens + completionTokens} tokens ({promptTokens} in the {input}, " +
            $"{completionTokens} in the completion). Please reduce the length of the {input} or completion.",
            ErrorTypes.InvalidRequest, param, ErrorCodes.ContextLengthExceeded);
    }

    private static string PromptNoun(string param) => param == "messages" ? "messages" : "prompt";

    // ---- server ---------------------------------------------------------------------------------------------------

    /// <summary>503 when the wait queue is full; answer with a <c>Retry-After</c> header.</summary>
    public static ApiError Overloaded(int retryAfterSeconds = 1) => new(503,
        "The server is overloaded with other requests. Please retry your request after a brief wait.",
        ErrorTypes.Server, null, ErrorCodes.ServerOverloaded) { RetryAfterSeconds = retryAfterSeconds };

    /// <summary>503 while the model loads or the node drains.</summary>
    public static ApiError NotReady() => new(503,
        "The server is not ready yet. Please retry your request after a brief wait.",
        ErrorTypes.Server, null, ErrorCodes.ServerNotReady) { RetryAfterSeconds = 1 };

    /// <summary>500 with OpenAI's wording; never carries exception details.</summary>
    public static ApiError Internal() => new(500,
        "The server had an error while processing your request. Sorry about that!",
        ErrorTypes.Server);

    /// <summary>404 for an unknown route: <c>Invalid URL (POST /v1/foo)</c>, as OpenAI.</summary>
    public static ApiError RouteNotFound(string method, string path) => new(404,
        $"Invalid URL ({method} {path})", ErrorTypes.InvalidRequest);

    /// <summary>405 for a known route with the wrong method.</summary>
    public static ApiError MethodNotAllowed(string method, string path) => new(405,
        $"Not allowed to {method} on {path}. (HINT: Perhaps you meant to use a different HTTP method?)",
        ErrorTypes.InvalidRequest);

    private static string F(double v) => v.ToString(CultureInfo.InvariantCulture);
    private static string F(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string JoinQuoted(IReadOnlyList<string> values) => values.Count switch
    {
        0 => "",
        1 => $"'{values[0]}'",
        _ => string.Join(", ", values.Take(values.Count - 1).Select(v => $"'{v}'")) + $", and '{values[^1]}'",
    };

    private static string Redact(string? key)
    {
        if (string.IsNullOrEmpty(key)) return "''";
        if (key.Length <= 8) return new string('*', key.Length);
        return key[..3] + new string('*', Math.Min(key.Length - 7, 32)) + key[^4..];
    }
}
