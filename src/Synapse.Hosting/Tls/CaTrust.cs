using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Synapse.Hosting.Tls;

/// <summary>
/// Trust in a private CA for outgoing HTTPS: a server certificate is accepted when it chains to one of the CA
/// certificates in a PEM file (and names the host), whatever the machine's own roots say.
/// </summary>
public sealed class CaTrust
{
    private readonly X509Certificate2Collection _roots;

    private CaTrust(X509Certificate2Collection roots) => _roots = roots;

    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file holds no certificate.</exception>
    public static CaTrust FromPemFile(string path)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(path);
        if (roots.Count == 0)
        {
            throw new InvalidDataException($"'{path}' holds no PEM certificate.");
        }

        return new CaTrust(roots);
    }

    /// <summary>For <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);
        // Private CAs rarely publish revocation lists; the trust is the CA file itself.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements.Skip(1))
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
