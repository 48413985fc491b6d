using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing.Clients;

namespace Synapse.Node.Tests.Tools;

/// <summary>The official <c>openai</c> npm package's tool helpers (runTools, the streaming accumulator) against a node (npm/tools.mjs).</summary>
[Collection(ToolNodeCollection.Name)]
public sealed class NpmToolClientTests(ToolNodeFixture fixture)
{
    [Fact]
    public async Task RunTools_and_the_streaming_accumulator_complete_a_tool_round_trip()
    {
        NpmScript.RequireInstalled();
        var host = await fixture.HermesAsync();
        await NpmScript.RunAsync("tools.mjs", host.BaseUrl, host.Model, TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task The_parse_helpers_read_calls_or_the_parsed_reply_when_tools_come_with_a_json_schema()
    {
        NpmScript.RequireInstalled();
        var host = await fixture.HermesAsync();
        await NpmScript.RunAsync("structured-tools.mjs", host.BaseUrl, host.Model, TimeSpan.FromMinutes(10));
    }
}
