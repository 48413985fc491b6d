using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Synapse.Hosting.Tls;

/// <summary>
/// HTTPS for node and balancer from PEM files (what cert-manager, Kubernetes TLS secrets and Let's Encrypt give):
/// every <c>https://</c> address Kestrel listens on serves this certificate.
/// </summary>
public static class KestrelTls
{
    /// <summary>Adds the problems of a certificate/key pair of settings to <paramref name="errors"/>: both or neither, files that exist.</summary>
    public static void Check(string certificateSetting, string? certificate, string keySetting, string? key, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (certificate is null != key is null)
        {
            errors.Add($"{certificateSetting} and {keySetting} go together: set both or neither.");
            return;
        }

        foreach (var (setting, path) in new[] { (certificateSetting, certificate), (keySetting, key) })
        {
            if (path is not null && !File.Exists(path))
            {
                errors.Add($"{setting}: no such file '{path}'.");
            }
        }
    }

    /// <summary>Serves <paramref name="certificateFile"/> (leaf first, then its chain) with <paramref name="keyFile"/> on every HTTPS address.</summary>
    public static void UseCertificate(this WebApplicationBuilder builder, string certificateFile, string keyFile)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var certificate = Load(certificateFile, keyFile);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificateFile);
        if (chain.Count > 0)
        {
            chain.RemoveAt(0);
        }

        // The slim builder leaves out Kestrel's HTTPS configuration; this brings back just that.
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate = certificate;
            https.ServerCertificateChain = chain;
        }));
    }

    /// <summary>The certificate with its private key, in a form every platform's TLS stack takes (PEM keys are ephemeral on Windows).</summary>
    public static X509Certificate2 Load(string certificateFile, string keyFile)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }
}
