using Microsoft.Extensions.Configuration;
using Synapse.Hosting.Settings;
using Synapse.Models.Hub;
using Synapse.Node.Configuration;

namespace Synapse.Node.Tests.Configuration;

/// <summary>
/// Windows-style paths (drive letters, backslashes, spaces) in every file setting: Synapse's own parsing passes them to
/// the file system as written. On Windows they name folders; on Linux a backslash is an ordinary file-name character,
/// so the same text names a file whose name holds backslashes, and a drive-letter path is relative, hence missing.
/// </summary>
public sealed class WindowsPathSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-winpaths-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A file under a folder with a space, named with a backslash: a subfolder on Windows, one name on Linux.</summary>
    private string WindowsStyleFile(string name, string contents)
    {
        var path = Path.Combine(_dir, "My Models", @"win dir\" + name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, contents);
        return path;
    }

    private (NodeOptions Node, Synapse.Engine.Hosting.EngineOptions Engine) Read(string[] args, Dictionary<string, string?>? environment = null)
    {
        var configuration = new ConfigurationManager();
        NodeConfigurationBuilder.Configure(configuration, args, _dir, "Production", environment ?? new Dictionary<string, string?>());
        return NodeConfigurationReader.Read(configuration);
    }

    [Fact]
    public void Paths_with_backslashes_and_spaces_reach_every_file_setting_from_the_environment_and_flags()
    {
        var model = WindowsStyleFile("tiny model.gguf", "x");
        var keys = WindowsStyleFile("api keys.txt", "file-key\n");
        var template = WindowsStyleFile("chat template.jinja", "{{ messages[0].content }}");

        var (node, engine) = Read([], new Dictionary<string, string?>
        {
            ["MODEL_NAME"] = model, ["SYNAPSE_API_KEY_FILE"] = keys, ["SYNAPSE_CHAT_TEMPLATE"] = template,
        });
        Assert.Equal(ModelReferenceKind.LocalGguf, node.Model!.Kind);
        Assert.Equal(model, engine.ModelPath);
        Assert.Equal(["file-key"], node.ApiKeys);
        Assert.Equal(template, node.ChatTemplateFile);

        var (fromFlags, _) = Read(["--model", model, "--api-key-file", keys, "--chat-template", template]);
        Assert.Equal(model, fromFlags.Model!.LocalPath);
        Assert.Equal(["file-key"], fromFlags.ApiKeys);
        Assert.Equal(template, fromFlags.ChatTemplateFile);
    }

    [Fact]
    public void A_dotenv_file_keeps_backslashes_unquoted_and_in_single_quotes()
    {
        var model = WindowsStyleFile("tiny model.gguf", "x");
        var keys = WindowsStyleFile("api keys.txt", "k\n");
        File.WriteAllText(Path.Combine(_dir, ".env"), $"MODEL_NAME={model}\r\nSYNAPSE_API_KEY_FILE='{keys}'\r\n");
        var (node, _) = Read([]);
        Assert.Equal(model, node.Model!.LocalPath);
        Assert.Equal(["k"], node.ApiKeys);

        // The values as a Windows user writes them come through unchanged (in double quotes, \n would be a newline,
        // as docker compose and python-dotenv read it: docs/windows.md says so).
        var values = DotEnvFile.Parse("MODEL_NAME=C:\\Users\\Ana Lima\\models\\new model.gguf\nHF_HOME='D:\\hf cache'\n");
        Assert.Equal(@"C:\Users\Ana Lima\models\new model.gguf", values["MODEL_NAME"]);
        Assert.Equal(@"D:\hf cache", values["HF_HOME"]);
    }

    [Theory]
    [InlineData("MODEL_NAME", @"C:\models\qwen2.5-0.5b-q8_0.gguf")]
    [InlineData("MODEL_NAME", @"D:\My Models\Qwen2.5-0.5B-Instruct")]
    [InlineData("MODEL_NAME", @"\\server\share\models\m.gguf")]
    [InlineData("SYNAPSE_API_KEY_FILE", @"C:\ProgramData\Synapse\api keys.txt")]
    [InlineData("SYNAPSE_CHAT_TEMPLATE", @"C:\templates\chat template.jinja")]
    public void A_missing_windows_path_is_named_as_written_never_taken_for_a_repository(string variable, string path)
    {
        var environment = new Dictionary<string, string?> { ["MODEL_NAME"] = Path.Combine(_dir, "m.gguf"), [variable] = path };
        File.WriteAllText(Path.Combine(_dir, "m.gguf"), "x");
        if (OperatingSystem.IsWindows() && Path.Exists(path))
        {
            Assert.Skip($"{path} exists on this machine.");
        }

        var error = Assert.Throws<SettingsException>(() => Read([], environment));
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("repository id", error.Message, StringComparison.Ordinal);
    }
}
