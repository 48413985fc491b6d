namespace Synapse.EndToEnd.Deployment;

/// <summary>deploy/docker: the compose file validates (docker compose config where installed) and runs what it promises.</summary>
public sealed class ComposeFileTests
{
    private static readonly string Folder = Path.Combine(Synapse.Testing.Fixtures.RepositoryRoot, "deploy", "docker");

    [Fact]
    public async Task DockerComposeConfigValidatesTheComposeFile()
    {
        // `docker compose` (the CLI plugin) or the older standalone `docker-compose`.
        string[]? command = null;
        if (Tool.Find("docker") is { } docker && (await Tool.RunAsync(docker, ["compose", "version"])).ExitCode == 0)
        {
            command = [docker, "compose"];
        }
        else if (Tool.Find("docker-compose") is { } standalone)
        {
            command = [standalone];
        }

        if (command is null)
        {
            Assert.Skip("Neither `docker compose` nor `docker-compose` is installed; the compose file's content is checked by the other test.");
            return;
        }

        // The secret file is the operator's; config only needs it to exist.
        var secret = Path.Combine(Folder, "admin_key");
        var made = !File.Exists(secret);
        if (made)
        {
            await File.WriteAllTextAsync(secret, "test-admin-key\n");
        }

        try
        {
            var result = await Tool.RunAsync(command[0], [.. command[1..], "-f", Path.Combine(Folder, "compose.yaml"), "config", "--quiet"], Folder);
            Assert.True(result.ExitCode == 0, "compose config: " + result);
        }
        finally
        {
            if (made)
            {
                File.Delete(secret);
            }
        }
    }

    [Fact]
    public void TheComposeFileRunsABalancerAndThreeNodesOnOneCacheVolume()
    {
        var compose = YamlDocuments.Load(File.ReadAllText(Path.Combine(Folder, "compose.yaml"))).Single();
        var services = YamlDocuments.Merged((YamlDotNet.RepresentationModel.YamlMappingNode)compose.At("services")!);
        Assert.Contains("balancer", services.Keys);
        var nodes = services.Where(s => s.Value.Text("build", "dockerfile") == "deploy/docker/Dockerfile.node").ToList();
        Assert.Equal(3, nodes.Count);
        foreach (var (name, node) in nodes)
        {
            Assert.Equal(["cache:/cache"], node.Strings("volumes"));
            Assert.Equal("http://balancer:5000", node.Text("environment", "SYNAPSE_BALANCER_URL"));
            Assert.Equal($"http://{name}:8000", node.Text("environment", "SYNAPSE_ADVERTISE_URL"));
            // Keys from secret files, not the environment or the command line.
            Assert.Null(node.Text("environment", "SYNAPSE_BALANCER_KEY"));
            Assert.Equal("/run/secrets/admin_key", node.Text("environment", "SYNAPSE_BALANCER_KEY_FILE"));
            // Docker's stop waits longer than the node's drain.
            var stop = node.Text("stop_grace_period")!;
            Assert.True(int.Parse(stop.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture) > int.Parse(node.Text("environment", "SYNAPSE_SHUTDOWN_GRACE")!, System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.NotNull(compose.At("volumes", "cache"));

        // The images: non-root, a healthcheck, the cache on a volume; the balancer's carries no llama.cpp.
        var nodeImage = File.ReadAllText(Path.Combine(Folder, "Dockerfile.node"));
        var balancerImage = File.ReadAllText(Path.Combine(Folder, "Dockerfile.balancer"));
        foreach (var image in new[] { nodeImage, balancerImage })
        {
            Assert.Contains("\nUSER $APP_UID", image, StringComparison.Ordinal);
            Assert.Contains("\nHEALTHCHECK ", image, StringComparison.Ordinal);
            Assert.Contains("/health", image, StringComparison.Ordinal);
            // Multi-stage: the SDK builds, a runtime image runs.
            Assert.Equal(2, image.Split("\nFROM ").Length - 1);
        }

        // The hub cache and the response store each on a volume, so neither is lost with the container.
        Assert.Contains("VOLUME [\"/cache\", \"/data\"]", nodeImage, StringComparison.Ordinal);
        Assert.Contains("SYNAPSE_DATA_DIR=/data", nodeImage, StringComparison.Ordinal);
        Assert.Contains("HF_HOME=/cache", nodeImage, StringComparison.Ordinal);
        Assert.Contains("src/Synapse.LoadBalancer/Synapse.LoadBalancer.csproj", balancerImage, StringComparison.Ordinal);
        Assert.DoesNotContain("Synapse.Node", balancerImage, StringComparison.Ordinal);
    }
}
