using System.ClientModel;
using System.Globalization;
using System.Net;
using OpenAI;
using OpenAI.Chat;
using Synapse.EndToEnd.Infrastructure;

namespace Synapse.EndToEnd.Deployment;

/// <summary>
/// `synapse` published self-contained runs a node (llama.cpp and a real model) and the balancer from the published
/// folder alone: no SDK, no dotnet on PATH, no checkout.
/// </summary>
public sealed class PublishedServerTests
{
    [Fact]
    public async Task ASelfContainedPublishServesAChatCompletionWithoutTheSdk()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            Assert.Skip("The published runtime is linux-x64; this machine is not.");
            return;
        }

        var model = Synapse.Testing.TestModels.TinyChatModelPath;
        var work = Directory.CreateTempSubdirectory("synapse-publish-").FullName;
        try
        {
            // Its own artifacts folder: the checkout's bin/obj (and the test run using them) are left alone.
            var output = Path.Combine(work, "synapse");
            var publish = await Tool.RunAsync(Tool.Find("dotnet") ?? "dotnet",
                ["publish", Path.Combine(Synapse.Testing.Fixtures.RepositoryRoot, "src", "Synapse.Cli", "Synapse.Cli.csproj"), "-c", "Release", "-r", "linux-x64",
                 "--self-contained", "--artifacts-path", Path.Combine(work, "artifacts"), "-o", output, "-p:TreatWarningsAsErrors=true"],
                timeout: TimeSpan.FromMinutes(15));
            Assert.True(publish.ExitCode == 0, "dotnet publish: " + publish);
            var synapse = Path.Combine(output, "synapse");
            Assert.True(File.Exists(synapse), "no synapse executable in the published folder");
            Assert.True(Directory.EnumerateFiles(output, "*llama*", SearchOption.AllDirectories).Any(), "the published folder carries llama.cpp's native library");

            // A PATH without any dotnet, no DOTNET_ROOT: only the published folder can run it.
            var path = string.Join(Path.PathSeparator, (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Where(folder => folder.Length > 0 && !File.Exists(Path.Combine(folder, "dotnet"))));
            var environment = new Dictionary<string, string?>
            {
                ["PATH"] = path,
                ["DOTNET_ROOT"] = null,
                ["DOTNET_HOST_PATH"] = null,
                ["MSBuildExtensionsPath"] = null,
                ["MSBUILD_EXE_PATH"] = null,
                ["HF_HOME"] = Path.Combine(work, "hf"),
                ["SYNAPSE_DATA_DIR"] = Path.Combine(work, "data"),
            };
            Assert.Null(path.Split(Path.PathSeparator).FirstOrDefault(f => File.Exists(Path.Combine(f, "dotnet"))));

            var nodePort = Ports.Free();
            var balancerPort = Ports.Free();
            var nodeUrl = $"http://127.0.0.1:{nodePort.ToString(CultureInfo.InvariantCulture)}";
            var balancerUrl = $"http://127.0.0.1:{balancerPort.ToString(CultureInfo.InvariantCulture)}";
            await using var node = ServerProcess.Start(synapse,
                ["node", "--model", model, "--model-aliases", "tiny", "--threads", "1", "--parallel", "1", "--ctx-size", "256", "--host", "127.0.0.1", "--port", nodePort.ToString(CultureInfo.InvariantCulture)],
                environment, work);
            await using var balancer = ServerProcess.Start(synapse,
                ["balancer", "--nodes", nodeUrl, "--host", "127.0.0.1", "--port", balancerPort.ToString(CultureInfo.InvariantCulture), "--health-interval", "0.2"],
                environment, work);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await Eventually.WaitAsync(async () =>
            {
                Assert.False(node.HasExited, "the published node exited:\n" + node.Log);
                Assert.False(balancer.HasExited, "the published balancer exited:\n" + balancer.Log);
                using var response = await http.GetAsync(balancerUrl + "/health/ready");
                return response.StatusCode == HttpStatusCode.OK;
            }, "the published balancer and node to be ready", TimeSpan.FromMinutes(2));

            var client = new ChatClient("tiny", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(balancerUrl + "/v1") });
            var completion = (await client.CompleteChatAsync([new UserChatMessage("Hello")], new ChatCompletionOptions { MaxOutputTokenCount = 4 })).Value;
            Assert.Equal("tiny", completion.Model);
            Assert.True(completion.Usage.OutputTokenCount > 0, "the published node generated nothing");
            // The response store opened at start: SQLite's native library came with the publish and loads.
            Assert.True(Directory.EnumerateFiles(output, "*e_sqlite3*", SearchOption.AllDirectories).Any(), "the published folder carries SQLite's native library");
            Assert.True(File.Exists(Path.Combine(work, "data", "responses.db")), "the published node made no response store");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
