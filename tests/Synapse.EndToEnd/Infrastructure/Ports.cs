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

    /// <summary>The first of <paramref name="count"/> consecutive loopback ports free right now (for <c>synapse up --port</c>).</summary>
    public static int FreeRange(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var first = Free();
            var listeners = new List<System.Net.Sockets.TcpListener>();
            try
            {
                for (var i = 1; i < count; i++)
                {
                    var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, first + i);
                    listener.Start();
                    listeners.Add(listener);
                }

                return first;
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Taken: try another start.
            }
            finally
            {
                foreach (var listener in listeners)
                {
                    listener.Dispose();
                }
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }
}
