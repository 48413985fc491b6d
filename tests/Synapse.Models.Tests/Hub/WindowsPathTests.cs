using Synapse.Models.Hub;

namespace Synapse.Models.Tests.Hub;

/// <summary>
/// Windows-style paths in MODEL_NAME and the HF_* variables: taken as paths and handed to the file system as written,
/// never mistaken for repository ids or rewritten. (On Linux a backslash is a file-name character and <c>C:\x</c> is
/// relative, so these tests check what Synapse's own parsing does, and the file system decides the rest.)
/// </summary>
public sealed class WindowsPathTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-winpath-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(@"C:\models\qwen2.5-0.5b-instruct-q8_0.gguf")]
    [InlineData(@"C:/models/qwen.gguf")]
    [InlineData(@"d:\My Models\Qwen2.5-0.5B-Instruct")]
    [InlineData(@"models\Qwen2.5-0.5B-Instruct")]
    [InlineData(@".\models\qwen.gguf")]
    [InlineData(@"\\nas\share\models\qwen.gguf")]
    [InlineData(@"~\models\qwen.gguf")]
    public void Windows_paths_are_paths_not_repository_ids(string text)
    {
        if (OperatingSystem.IsWindows() && Path.Exists(text))
        {
            Assert.Skip($"{text} exists on this machine.");
        }

        var error = Assert.Throws<FormatException>(() => ModelReference.Parse(text));
        Assert.Contains($"'{text}' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_file_or_folder_with_backslashes_and_spaces_is_used_as_written()
    {
        var gguf = Path.Combine(_dir, "My Models", @"win dir\tiny model.gguf");
        Directory.CreateDirectory(Path.GetDirectoryName(gguf)!);
        File.WriteAllBytes(gguf, [1]);
        var file = ModelReference.Parse(gguf);
        Assert.Equal(ModelReferenceKind.LocalGguf, file.Kind);
        Assert.Equal(gguf, file.LocalPath);

        var folder = Path.Combine(_dir, "My Models", @"hf\Qwen2.5 0.5B");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), "{}");
        var local = ModelReference.Parse(" " + folder + " ");
        Assert.Equal(ModelReferenceKind.LocalFolder, local.Kind);
        Assert.Equal(folder, local.LocalPath);
    }

    [Theory]
    [InlineData(@"C:\Users\Ana Lima\.cache\huggingface")]
    [InlineData(@"D:\hf cache")]
    [InlineData(@"\\nas\share\hf")]
    public void HF_HOME_and_the_cache_variables_keep_windows_paths(string home)
    {
        var environment = HubEnvironment.FromVariables(new Dictionary<string, string> { ["HF_HOME"] = home }.GetValueOrDefault);
        // Path.GetFullPath leaves a rooted Windows path as it is on Windows; on Linux it is relative to the working folder.
        var expected = Path.GetFullPath(home);
        Assert.Equal(expected, environment.Home);
        Assert.EndsWith(home, environment.Home, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(expected, "hub"), environment.HubCache);
        Assert.Equal(Path.Combine(expected, "synapse", "gguf"), environment.ConvertedCache);

        var cache = home + @"\hub cache";
        Assert.Equal(Path.GetFullPath(cache), HubEnvironment.FromVariables(new Dictionary<string, string> { ["HF_HUB_CACHE"] = cache }.GetValueOrDefault).HubCache);
    }

    [Fact]
    public void A_windows_token_path_is_read_as_written()
    {
        var token = Path.Combine(_dir, @"hf home\token file");
        File.WriteAllText(token, "hf_abc\n");
        var environment = HubEnvironment.FromVariables(new Dictionary<string, string> { ["HF_TOKEN_PATH"] = token, ["HF_HOME"] = _dir }.GetValueOrDefault);
        Assert.Equal("hf_abc", environment.Token);
        Assert.Equal(token, environment.TokenSource);
    }

    [Fact]
    public void Tilde_backslash_is_the_home_folder_only_on_windows()
    {
        var userHome = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var environment = HubEnvironment.FromVariables(new Dictionary<string, string> { ["HF_HOME"] = @"~\hf" }.GetValueOrDefault);
        Assert.Equal(OperatingSystem.IsWindows() ? Path.Combine(userHome, "hf") : Path.GetFullPath(@"~\hf"), environment.Home);
        Assert.Equal(Path.Combine(userHome, "hf"), HubEnvironment.FromVariables(new Dictionary<string, string> { ["HF_HOME"] = "~/hf" }.GetValueOrDefault).Home);
    }
}
