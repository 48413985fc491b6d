using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing.Clients;

namespace Synapse.Node.Tests.Responses;

/// <summary>A one-tool agent of the OpenAI Agents SDK for JavaScript (<c>@openai/agents</c>) run to its end against a real node over the Responses API.</summary>
[Collection(ResponsesNodeCollection.Name)]
public sealed class AgentsSdkTests(ResponsesNodeFixture fixture)
{
    [Fact]
    public async Task OpenAIAgentsSdkRunsAOneToolAgentToTheEnd()
    {
        NpmScript.RequireInstalled();
        var host = await fixture.NodeAsync();
        await NpmScript.RunAsync("agents.mjs", host.BaseUrl, host.Model, TimeSpan.FromSeconds(300));
    }
}
