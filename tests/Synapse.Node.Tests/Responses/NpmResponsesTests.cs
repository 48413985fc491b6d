using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing.Clients;

namespace Synapse.Node.Tests.Responses;

/// <summary>The official <c>openai</c> npm package's Responses API (create, stream, parse, retrieve, inputItems, delete) against a real node.</summary>
[Collection(ResponsesNodeCollection.Name)]
public sealed class NpmResponsesTests(ResponsesNodeFixture fixture)
{
    [Fact]
    public async Task OfficialNpmClientCompletesResponsesRoundTrips()
    {
        NpmScript.RequireInstalled();
        var host = await fixture.NodeAsync();
        await NpmScript.RunAsync("responses.mjs", host.BaseUrl, host.Model, TimeSpan.FromSeconds(300));
    }
}
