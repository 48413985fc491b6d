namespace Synapse.OpenAI.Errors;

/// <summary>
/// The <c>code</c> values in the error envelope. Where OpenAI has a code for the case, it is OpenAI's; the few
/// that OpenAI does not define (overload, oversized body, unsupported features) are Synapse's own, in the same style.
/// </summary>
public static class ErrorCodes
{
    public const string InvalidType = "invalid_type";
    public const string InvalidValue = "invalid_value";
    public const string MissingRequiredParameter = "missing_required_parameter";
    public const string EmptyArray = "empty_array";
    public const string ArrayAboveMaxLength = "array_above_max_length";
    public const string DecimalAboveMaxValue = "decimal_above_max_value";
    public const string DecimalBelowMinValue = "decimal_below_min_value";
    public const string IntegerAboveMaxValue = "integer_above_max_value";
    public const string IntegerBelowMinValue = "integer_below_min_value";
    public const string ModelNotFound = "model_not_found";
    public const string InvalidApiKey = "invalid_api_key";
    public const string ContextLengthExceeded = "context_length_exceeded";
    public const string UnsupportedParameter = "unsupported_parameter";
    public const string UnsupportedValue = "unsupported_value";
    public const string RequestTooLarge = "request_too_large";
    public const string ServerOverloaded = "server_overloaded";
    public const string ServerNotReady = "server_not_ready";
    public const string PreviousResponseNotFound = "previous_response_not_found";
    public const string ResponseNotFound = "response_not_found";
}
