using System.Text;
using Synapse.LoadBalancer.Routing;

namespace Synapse.LoadBalancer.Tests.Routing;

public sealed class RoutingRequestTests
{
    private static RoutingRequest Read(string body, string? header = null, bool text = true, bool session = true) =>
        RoutingRequest.Read(Encoding.UTF8.GetBytes(body), header, text, session);

    [Fact]
    public void AChatTurnsTextStartsWithThePreviousTurnsText()
    {
        var turn1 = Read("""{"model":"m","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],"max_tokens":5}""").Text!;
        var turn2 = Read("""{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"},{"role":"user","content":"More"}],"model":"m","stream":true}""").Text!;
        Assert.StartsWith(turn1, turn2, StringComparison.Ordinal);
        Assert.Contains("Be brief.", turn1, StringComparison.Ordinal);
        Assert.Contains("Hello!", turn2, StringComparison.Ordinal);
    }

    [Fact]
    public void TheModelStartsTheTextSoNoPrefixIsSharedAcrossModels()
    {
        var a = Read("""{"model":"a","messages":[{"role":"user","content":"Hi"}]}""").Text!;
        var b = Read("""{"model":"b","messages":[{"role":"user","content":"Hi"}]}""").Text!;
        Assert.Equal(0, a.AsSpan().CommonPrefixLength(b));
    }

    [Fact]
    public void ContentPartsPromptsAndResponsesInputAreText()
    {
        Assert.Contains("look", Read("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"look"}]}]}""").Text!, StringComparison.Ordinal);
        Assert.Contains("Once upon", Read("""{"model":"m","prompt":"Once upon a time"}""").Text!, StringComparison.Ordinal);
        Assert.Contains("two", Read("""{"model":"m","prompt":["one","two"]}""").Text!, StringComparison.Ordinal);
        var responses = Read("""{"model":"m","instructions":"Be kind.","input":[{"role":"user","content":"Hey"}]}""").Text!;
        Assert.True(responses.IndexOf("Be kind.", StringComparison.Ordinal) < responses.IndexOf("Hey", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSessionKeyIsTheHeaderElseTheUserField()
    {
        const string body = """{"model":"m","user":"alice","messages":[]}""";
        Assert.Equal("s-1", Read(body, header: "s-1").SessionKey);
        Assert.Equal("alice", Read(body).SessionKey);
        Assert.Equal("alice", Read(body, header: "  ").SessionKey);
        Assert.Null(Read("""{"model":"m","user":"","messages":[]}""").SessionKey);
        Assert.Null(Read("""{"model":"m","user":7}""").SessionKey);
        Assert.Equal("s-2", RoutingRequest.Read(null, "s-2", withText: false, withSession: true).SessionKey);
    }

    [Fact]
    public void OnlyWhatThePolicyNeedsIsRead()
    {
        const string body = """{"model":"m","user":"alice","messages":[{"role":"user","content":"Hi"}]}""";
        Assert.Equal(new RoutingRequest("m", null, null), Read(body, header: "s", text: false, session: false));
        Assert.Null(Read(body, text: false).Text);
        Assert.Null(Read(body, session: false).SessionKey);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""[{"model":"m"}]""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"\ud800"}]}""")]
    [InlineData("""{"model":"m","messages":[""")]
    public void ABodyThatIsNotReadableRoutesWithoutText(string body)
    {
        var request = Read(body);
        Assert.Null(request.Text);
        Assert.Null(request.SessionKey);
    }

    [Fact]
    public void ABodyWithNothingToMatchHasNoText() =>
        Assert.Null(Read("""{"model":"m"}""").Text);
}
