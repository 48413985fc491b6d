using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Synapse.OpenAI.Errors;

namespace Synapse.Node.Errors;

/// <summary>
/// The outermost guard: an <see cref="ApiError"/> thrown anywhere becomes its envelope, Kestrel's own bad-request
/// failures (body over the limit: 413, malformed framing: 400) become envelopes too, and anything else a 500
/// <c>server_error</c> without details (logged here with the stack). A client that went away gets nothing.
/// </summary>
internal sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ErrorResponder responder, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client is gone; there is no one to answer.
        }
        catch (ApiError error)
        {
            await responder.WriteAsync(context, error);
        }
        catch (BadHttpRequestException exception)
        {
            var maxBody = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0;
            var error = exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ApiError.RequestTooLarge(maxBody)
                : new ApiError(exception.StatusCode, exception.Message, ErrorTypes.InvalidRequest);
            await responder.WriteAsync(context, error);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
            await responder.WriteAsync(context, ApiError.Internal());
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error answering {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
