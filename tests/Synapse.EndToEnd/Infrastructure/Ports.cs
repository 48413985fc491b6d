namespace Synapse.EndToEnd.Infrastructure;

public static class Ports
{
    /// <summary>A loopback port free right now (the process started next binds it).</summary>
    public static int Free()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
