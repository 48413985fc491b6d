using Synapse.Models.Hub;

namespace Synapse.Testing.Hub;

/// <summary>A temporary HF_HOME, removed afterwards.</summary>
public sealed class HubTestFolder : IDisposable
{
    public string Home { get; } = Directory.CreateTempSubdirectory("synapse-hub-").FullName;

    public HubEnvironment Environment(string endpoint, string? token = null, bool offline = false) =>
        HubEnvironment.FromVariables(name => name switch
        {
            "HF_HOME" => Home,
            "HF_ENDPOINT" => endpoint,
            "HF_TOKEN" => token,
            "HF_HUB_OFFLINE" => offline ? "1" : null,
            _ => null,
        });

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
