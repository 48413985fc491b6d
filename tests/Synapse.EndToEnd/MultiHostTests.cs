using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Synapse.EndToEnd.Deployment;
using Synapse.EndToEnd.Infrastructure;

namespace Synapse.EndToEnd;

/// <summary>
/// Three nodes on their own hosts (Linux network namespaces with their own addresses), the balancer outside, HTTPS
/// between them with a CA made here; the nodes register with their advertised addresses. One host's link is cut
/// under load and no request is lost.
/// </summary>
public sealed class MultiHostTests
{
    private const int Hosts = 3;
    private const int Requests = 24;
    private const string Model = "sim-multihost";

    [Fact]
    public async Task CuttingOneHostsLinkUnder24InFlightRequestsLosesNone()
    {
        if (NetworkNamespaces.Unavailable() is { } why)
        {
            Assert.Skip($"Multi-host test skipped: {why}.");
            return;
        }

        var folder = Directory.CreateTempSubdirectory("synapse-multihost-").FullName;
        using var certificates = new TestCertificates(folder);
        await using var hosts = await NetworkNamespaces.CreateAsync(Hosts);
        await using var balancer = await BalancerProcess.StartAsync([],
            "--host", "0.0.0.0", "--node-ca", certificates.CaFile, "--health-interval", "0.5", "--health-timeout", "3", "--unhealthy-threshold", "2", "--heartbeat-misses", "20",
            "--request-timeout", "120");
        var nodes = new List<ServerProcess>();
        try
        {
            var launcher = SynapseProcess.Launcher;
            for (var n = 1; n <= Hosts; n++)
            {
                var address = NetworkNamespaces.Address(n);
                var (certificate, key) = certificates.Issue($"node{n}", IPAddress.Parse(address));
                var (program, arguments) = hosts.Command(n, launcher.FileName,
                [
                    .. launcher.PrefixArguments, "node", "--engine", "simulated", "--model", Model, "--sim-tokens-per-second", "10",
                    "--parallel", "8", "--shutdown-grace", "1", "--host", address, "--port", "8443", "--tls-cert", certificate, "--tls-key", key,
                    "--balancer-url", $"http://{NetworkNamespaces.Gateway(n)}:{balancer.Port.ToString(CultureInfo.InvariantCulture)}",
                    "--balancer-key", BalancerProcess.AdminKey, "--advertise-url", $"https://{address}:8443", "--heartbeat-seconds", "0.5",
                ]);
                nodes.Add(ServerProcess.Start(program, arguments));
            }

            // Registered by their advertised HTTPS addresses, checked over TLS by the balancer.
            await Eventually.WaitAsync(async () =>
            {
                Assert.All(nodes, node => Assert.False(node.HasExited, "a node exited:\n" + node.Log));
                var status = await balancer.StatusAsync();
                return status.Nodes.Count(n => n.Health == "healthy" && n.Url.StartsWith("https://10.213.", StringComparison.Ordinal)) == Hosts;
            }, "three nodes registered over HTTPS", TimeSpan.FromMinutes(2));

            // 24 non-streaming requests of 3 s each: 8 on every node.
            var body = $$"""{"model":"{{Model}}","messages":[{"role":"user","content":"Hi"}],"max_tokens":30}""";
            var sent = Enumerable.Range(0, Requests).Select(async _ =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BalancerProcess.ClientKey);
                using var response = await balancer.Http.SendAsync(request);
                return (response.StatusCode, Node: response.Headers.TryGetValues("X-Synapse-Node", out var values) ? values.Single() : "", Body: await response.Content.ReadAsStringAsync());
            }).ToList();
            await Eventually.WaitAsync(async () => (await balancer.StatusAsync()).Nodes.Sum(n => n.InFlight) == Requests, "all 24 requests in flight", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10));
            var cutNode = (await balancer.StatusAsync()).Nodes.Single(n => n.Url == $"https://{NetworkNamespaces.Address(2)}:8443");
            Assert.True(cutNode.InFlight > 0, "the node to cut has no requests");

            await hosts.CutAsync(2);
            var answers = await Task.WhenAll(sent).WaitAsync(TimeSpan.FromMinutes(2));

            var failed = answers.Where(a => a.StatusCode != HttpStatusCode.OK).ToList();
            Assert.True(failed.Count == 0, $"{failed.Count} of {Requests} lost, first: {failed.FirstOrDefault().Body}\nbalancer:\n{balancer.Process.Log}");
            Assert.DoesNotContain(answers, a => a.Node == cutNode.Id);
            Assert.All(answers, a => Assert.Contains("\"finish_reason\":\"length\"", a.Body, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }
}
