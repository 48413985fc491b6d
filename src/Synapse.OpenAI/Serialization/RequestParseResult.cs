using System.Diagnostics.CodeAnalysis;
using Synapse.OpenAI.Errors;

namespace Synapse.OpenAI.Serialization;

/// <summary>A parsed request body, or the error to answer with.</summary>
public sealed class RequestParseResult<T> where T : class
{
    private RequestParseResult(T? value, ApiError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public ApiError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static RequestParseResult<T> Success(T value) => new(value, null);

    public static RequestParseResult<T> Failure(ApiError error) => new(null, error);
}
