using System.Globalization;
using Synapse.EndToEnd.Deployment;

namespace Synapse.EndToEnd.Infrastructure;

/// <summary>
/// Linux network namespaces as separate hosts: each gets a veth pair to the test's own namespace, 10.213.N.2 inside
/// and 10.213.N.1 outside. Needs root and iproute2; everything made is removed on dispose, also after a failure.
/// </summary>
public sealed class NetworkNamespaces : IAsyncDisposable
{
    private readonly string _ip;
    private readonly string _prefix;
    private readonly List<int> _made = [];

    private NetworkNamespaces(string ip, string prefix)
    {
        _ip = ip;
        _prefix = prefix;
    }

    /// <summary>Why this machine cannot run them, or null.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces are Linux only";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "creating network namespaces needs root";
        }

        return Tool.Find("ip") is null ? "the `ip` tool (iproute2) is not installed" : null;
    }

    public static async Task<NetworkNamespaces> CreateAsync(int count)
    {
        // Short names: interface names have 15 characters at most. The process id keeps parallel runs apart.
        var hosts = new NetworkNamespaces(Tool.Find("ip")!, "sy" + (Environment.ProcessId % 100000).ToString(CultureInfo.InvariantCulture));
        try
        {
            for (var n = 1; n <= count; n++)
            {
                await hosts.AddAsync(n);
            }
        }
        catch
        {
            await hosts.DisposeAsync();
            throw;
        }

        return hosts;
    }

    public string Name(int n) => $"{_prefix}n{n.ToString(CultureInfo.InvariantCulture)}";

    private string Outside(int n) => $"{_prefix}h{n.ToString(CultureInfo.InvariantCulture)}";

    private string Inside(int n) => $"{_prefix}v{n.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The namespace's own address.</summary>
    public static string Address(int n) => $"10.213.{n.ToString(CultureInfo.InvariantCulture)}.2";

    /// <summary>The address of this side of its link, where it reaches the test's namespace.</summary>
    public static string Gateway(int n) => $"10.213.{n.ToString(CultureInfo.InvariantCulture)}.1";

    private async Task AddAsync(int n)
    {
        await Ip("netns", "add", Name(n));
        _made.Add(n);
        await Ip("link", "add", Outside(n), "type", "veth", "peer", "name", Inside(n));
        await Ip("link", "set", Inside(n), "netns", Name(n));
        await Ip("addr", "add", Gateway(n) + "/24", "dev", Outside(n));
        await Ip("link", "set", Outside(n), "up");
        await Ip("-n", Name(n), "addr", "add", Address(n) + "/24", "dev", Inside(n));
        await Ip("-n", Name(n), "link", "set", Inside(n), "up");
        await Ip("-n", Name(n), "link", "set", "lo", "up");
    }

    /// <summary>Cuts the namespace's link: its packets are dropped, nothing is refused or reset (a pulled cable).</summary>
    public Task CutAsync(int n) => Ip("link", "set", Outside(n), "down");

    /// <summary>A command line that runs <paramref name="program"/> inside namespace <paramref name="n"/>.</summary>
    public (string Program, IReadOnlyList<string> Arguments) Command(int n, string program, IEnumerable<string> arguments) =>
        (_ip, ["netns", "exec", Name(n), program, .. arguments]);

    private async Task Ip(params string[] arguments)
    {
        var result = await Tool.RunAsync(_ip, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)}: {result}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var n in _made)
        {
            // Deleting the namespace takes its end of the pair, and with it the other end.
            await Tool.RunAsync(_ip, ["link", "del", Outside(n)]);
            await Tool.RunAsync(_ip, ["netns", "del", Name(n)]);
        }

        _made.Clear();
    }
}
