using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sotp.Tests.Support;

/// <summary>A self-signed server certificate for 127.0.0.1, made for one test and written as PEM files (never committed).</summary>
public static class TestCertificates
{
    /// <summary>Writes cert.pem and key.pem into <paramref name="folder"/>; returns their paths.</summary>
    public static (string Certificate, string Key) WriteServerPem(TempDirectory folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=sotp-syslog-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var paths = (folder.File("cert.pem"), folder.File("key.pem"));
        File.WriteAllText(paths.Item1, certificate.ExportCertificatePem());
        File.WriteAllText(paths.Item2, key.ExportPkcs8PrivateKeyPem());
        return paths;
    }
}
