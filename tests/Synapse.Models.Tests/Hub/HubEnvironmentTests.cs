using Synapse.Models.Hub;
using Synapse.Testing.Hub;

namespace Synapse.Models.Tests.Hub;

public sealed class HubEnvironmentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-hubenv-").FullName;

    private static HubEnvironment Read(Dictionary<string, string> variables) => HubEnvironment.FromVariables(variables.GetValueOrDefault);

    [Fact]
    public void DefaultsFollowHuggingFaceHub()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var environment = Read([]);
        Assert.Equal("https://huggingface.co", environment.Endpoint);
        Assert.Equal(Path.Combine(home, ".cache", "huggingface"), environment.Home);
        Assert.Equal(Path.Combine(home, ".cache", "huggingface", "hub"), environment.HubCache);
        Assert.False(environment.Offline);

        var xdg = Read(new() { ["XDG_CACHE_HOME"] = _dir, ["HF_ENDPOINT"] = "http://mirror.local/" });
        Assert.Equal(Path.Combine(_dir, "huggingface", "hub"), xdg.HubCache);
        Assert.Equal("http://mirror.local", xdg.Endpoint);
        Assert.Equal(Path.Combine(_dir, "huggingface", "synapse", "gguf"), xdg.ConvertedCache);
    }

    [Fact]
    public void HubCacheVariablesOverrideHome()
    {
        Assert.Equal(Path.Combine(_dir, "c1"), Read(new() { ["HF_HOME"] = _dir, ["HF_HUB_CACHE"] = Path.Combine(_dir, "c1"), ["HUGGINGFACE_HUB_CACHE"] = "/x" }).HubCache);
        Assert.Equal(Path.Combine(_dir, "c2"), Read(new() { ["HF_HOME"] = _dir, ["HUGGINGFACE_HUB_CACHE"] = Path.Combine(_dir, "c2") }).HubCache);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("YES", true)]
    [InlineData("on", true)]
    [InlineData("0", false)]
    [InlineData("no", false)]
    public void OfflineAsHuggingFaceHubReadsIt(string value, bool offline)
    {
        Assert.Equal(offline, Read(new() { ["HF_HUB_OFFLINE"] = value }).Offline);
        Assert.Equal(offline, Read(new() { ["TRANSFORMERS_OFFLINE"] = value }).Offline);
    }

    [Fact]
    public void TokenComesFromHfTokenThenTheLoginFile()
    {
        File.WriteAllText(Path.Combine(_dir, "token"), "hf_from_file\n");
        var fromFile = Read(new() { ["HF_HOME"] = _dir });
        Assert.Equal("hf_from_file", fromFile.Token);
        Assert.Equal(Path.Combine(_dir, "token"), fromFile.TokenSource);

        Assert.Equal("hf_env", Read(new() { ["HF_HOME"] = _dir, ["HF_TOKEN"] = " hf_env " }).Token);
        Assert.Equal("hf_legacy", Read(new() { ["HF_HOME"] = _dir, ["HUGGING_FACE_HUB_TOKEN"] = "hf_legacy" }).Token);

        var custom = Path.Combine(_dir, "elsewhere");
        File.WriteAllText(custom, "hf_custom");
        Assert.Equal("hf_custom", Read(new() { ["HF_HOME"] = _dir, ["HF_TOKEN_PATH"] = custom }).Token);
        Assert.Null(Read(new() { ["HF_HOME"] = Path.Combine(_dir, "none") }).Token);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
