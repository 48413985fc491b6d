using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Synapse.Engine;

namespace Synapse.Node.Generation;

/// <summary>
/// <c>system_fingerprint</c>: changes when the model file or the Synapse build changes, as OpenAI's changes with
/// its backend configuration; clients use it to tell whether seeded outputs are comparable.
/// </summary>
public sealed class SystemFingerprint(IInferenceEngine engine)
{
    private string? _value;

    public string Value => _value ??= Compute();

    private string Compute()
    {
        var model = engine.Model;
        var build = typeof(SystemFingerprint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(SystemFingerprint).Assembly.GetName().Version?.ToString() ?? "0";
        var identity = $"{Path.GetFileName(model.Path)}|{model.SizeBytes}|{model.FileType}|{model.ParameterCount}|{build}";
        return "fp_synapse_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..10];
    }
}
