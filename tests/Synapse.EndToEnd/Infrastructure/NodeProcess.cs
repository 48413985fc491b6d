using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Synapse.EndToEnd.Infrastructure;

/// <summary>A node process on a fixed loopback port that can be killed and started again on the same port.</summary>
public sealed partial class NodeProcess : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _arguments;
    private readonly HttpClient _http;

    public NodeProcess(int port, IReadOnlyList<string> arguments)
    {
        Port = port;
        _arguments = arguments;
        _http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>The balancer's id for this node (host:port).</summary>
    public string Id => $"127.0.0.1:{Port}";

    public SynapseProcess? Process { get; private set; }

    public void Start()
    {
        Process = SynapseProcess.Start($"node-{Port}", ["node", "--host", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), .. _arguments]);
    }

    public Task WaitReadyAsync() => Eventually.WaitAsync(async () =>
    {
        if (Process!.Exited.IsCompleted)
        {
            throw new InvalidOperationException($"Node {Port} exited with {Process.Exited.Result}:\n{Process.Log}");
        }

        using var response = await _http.GetAsync("/health/ready");
        return response.StatusCode == HttpStatusCode.OK;
    }, $"node {Port} to be ready");

    public async Task KillAsync() => await Process!.KillAsync();

    /// <summary>Generations holding a slot right now, from the node's own /metrics.</summary>
    public async Task<int> RunningAsync()
    {
        var text = await _http.GetStringAsync("/metrics");
        var match = RunningGauge().Match(text);
        return match.Success ? (int)double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    public HttpClient Http => _http;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }
    }

    // The exporter may add labels (otel_scope_name) to the series.
    [GeneratedRegex(@"^synapse_num_requests_running(?:\{[^}]*\})? (\S+)$", RegexOptions.Multiline)]
    private static partial Regex RunningGauge();
}
