using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Synapse.OpenAI.Errors;

namespace Synapse.Node.Errors;

public static class ErrorHandlingExtensions
{
    public static IServiceCollection AddSynapseErrors(this IServiceCollection services)
    {
        services.AddSingleton<ErrorResponder>();
        return services;
    }

    /// <summary>Envelopes for every error, including routing's own empty 404 and 405 answers.</summary>
    public static IApplicationBuilder UseSynapseErrors(this IApplicationBuilder app)
    {
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseStatusCodePages(async statusContext =>
        {
            var context = statusContext.HttpContext;
            var responder = context.RequestServices.GetRequiredService<ErrorResponder>();
            var error = context.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => ApiError.RouteNotFound(context.Request.Method, context.Request.Path),
                StatusCodes.Status405MethodNotAllowed => ApiError.MethodNotAllowed(context.Request.Method, context.Request.Path),
                StatusCodes.Status413PayloadTooLarge => ApiError.RequestTooLarge(
                    context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0),
                var status => new ApiError(status, ReasonPhrase(status), status >= 500 ? ErrorTypes.Server : ErrorTypes.InvalidRequest),
            };
            await responder.WriteAsync(context, error);
        });
        return app;
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"HTTP {status}";
}
