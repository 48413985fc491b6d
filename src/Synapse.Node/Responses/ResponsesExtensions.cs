using Microsoft.Extensions.DependencyInjection;
using Synapse.OpenAI.Responses;
using Synapse.OpenAI.Validation;

namespace Synapse.Node.Responses;

public static class ResponsesExtensions
{
    /// <summary>The Responses API's own services; the store it keeps responses in is registered by <c>AddResponseStore</c>.</summary>
    public static IServiceCollection AddSynapseResponses(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ResponseRequestValidator(sp.GetRequiredService<RequestLimits>()));
        return services;
    }
}
