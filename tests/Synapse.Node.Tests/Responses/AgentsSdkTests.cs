using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing.Clients;

namespace Synapse.Node.Tests.Responses;

/// <summary>Agents of the OpenAI Agents SDK for JavaScript (<c>@openai/agents</c>) run to their end against a real node over the Responses API: one tool, and one tool with a structured output.</summary>
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

    [Fact]
    public async Task OpenAIAgentsSdkRunsAnAgentWithAToolAndAStructuredOutputToTheEnd()
    {
        NpmScript.RequireInstalled();
        var host = await fixture.NodeAsync();
        await NpmScript.RunAsync("agents-output.mjs", host.BaseUrl, host.Model, TimeSpan.FromSeconds(300));
    }
}
