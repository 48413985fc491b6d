using Synapse.Models.Hub;
using Synapse.Testing.Hub;

namespace Synapse.Models.Tests.Hub;

public sealed class ModelReferenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-ref-").FullName;

    [Theory]
    [InlineData("Qwen/Qwen2.5-0.5B-Instruct", "Qwen/Qwen2.5-0.5B-Instruct", "main", null)]
    [InlineData("gpt2", "gpt2", "main", null)]
    [InlineData("org/name@v1.0", "org/name", "v1.0", null)]
    [InlineData("org/name@refs/pr/1", "org/name", "refs/pr/1", null)]
    [InlineData("bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", "bartowski/Llama-3.2-1B-Instruct-GGUF", "main", "Q4_K_M")]
    [InlineData("org/name@0123456789abcdef0123456789abcdef01234567:q8_0", "org/name", "0123456789abcdef0123456789abcdef01234567", "q8_0")]
    public void ParsesRepositoryForms(string text, string repo, string revision, string? tag)
    {
        var reference = ModelReference.Parse(text);
        Assert.Equal(ModelReferenceKind.HubRepository, reference.Kind);
        Assert.Equal(repo, reference.RepoId);
        Assert.Equal(revision, reference.Revision);
        Assert.Equal(tag, reference.Tag);
    }

    [Theory]
    [InlineData("org/na me")]
    [InlineData("org--x/name")]
    [InlineData("org/name@")]
    [InlineData("org/name:")]
    [InlineData("org/name@a..b")]
    [InlineData("-org/name")]
    [InlineData("org/name.git")]
    public void RejectsInvalidRepositoryIds(string text) =>
        Assert.Throws<FormatException>(() => ModelReference.Parse(text));

    [Fact]
    public void MissingPathsAreErrorsNotRepositoryIds()
    {
        var error = Assert.Throws<FormatException>(() => ModelReference.Parse(Path.Combine(_dir, "missing.gguf")));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ModelReference.Parse("./models/x"));
    }

    [Fact]
    public void LocalGgufAndFolder()
    {
        var gguf = Path.Combine(_dir, "m.gguf");
        File.WriteAllBytes(gguf, [1]);
        var file = ModelReference.Parse(gguf);
        Assert.Equal(ModelReferenceKind.LocalGguf, file.Kind);
        Assert.Equal(gguf, file.LocalPath);

        var folder = Directory.CreateDirectory(Path.Combine(_dir, "hf")).FullName;
        Assert.Contains("config.json", Assert.Throws<FormatException>(() => ModelReference.Parse(folder)).Message, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, "config.json"), "{}");
        var local = ModelReference.Parse(folder);
        Assert.Equal(ModelReferenceKind.LocalFolder, local.Kind);
        Assert.Equal(folder, local.LocalPath);

        var text = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(text, "x");
        Assert.Throws<FormatException>(() => ModelReference.Parse(text));
    }

    [Fact]
    public void SplitGgufLoadsFromItsFirstPart()
    {
        foreach (var i in new[] { 1, 2, 3 })
        {
            File.WriteAllBytes(Path.Combine(_dir, $"big-Q4_K_M-0000{i}-of-00003.gguf"), [1]);
        }

        Assert.Equal(Path.Combine(_dir, "big-Q4_K_M-00001-of-00003.gguf"), ModelReference.Parse(Path.Combine(_dir, "big-Q4_K_M-00002-of-00003.gguf")).LocalPath);

        File.WriteAllBytes(Path.Combine(_dir, "lonely-00002-of-00002.gguf"), [1]);
        Assert.Contains("first part", Assert.Throws<FormatException>(() => ModelReference.Parse(Path.Combine(_dir, "lonely-00002-of-00002.gguf"))).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
