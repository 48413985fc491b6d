using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing.Clients;

namespace Synapse.Node.Tests.Chat;

/// <summary>The official <c>openai</c> npm package against a real node: streaming and non-streaming chat.</summary>
[Collection(RealNodeCollection.Name)]
public sealed class NpmClientTests(RealNodeFixture fixture)
{
    [Fact]
    public async Task OfficialNpmClientChatsWithTheNode()
    {
        NpmScript.RequireInstalled();
        var host = await fixture.GetAsync();
        await NpmScript.RunAsync("check.mjs", host.BaseUrl, host.Model, TimeSpan.FromSeconds(120));
    }
}
