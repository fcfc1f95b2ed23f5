using System.Net;
using Sotp.Collectors.Addressing;
using Sotp.Collectors.Snmp.Pdu;
using Sotp.Collectors.Snmp.Usm;
using Sotp.Core.Devices;
using Sotp.Core.Secrets;

namespace Sotp.Collectors.Snmp.Polling;

/// <summary>Builds the <see cref="SnmpTarget"/> for a device: its address resolved, its credentials opened.</summary>
public sealed class SnmpTargets(IHostResolver resolver, CredentialVault vault)
{
    public async Task<SnmpTarget> ForAsync(SnmpSettings settings, string address, CancellationToken cancellationToken)
    {
        var ip = IPAddress.TryParse(address, out var literal) ? literal
            : (await resolver.ResolveAsync(address, cancellationToken)).FirstOrDefault()
              ?? throw new InvalidOperationException($"The DNS name {address} does not resolve.");
        var endpoint = new IPEndPoint(ip, settings.Port);
        var timeout = TimeSpan.FromMilliseconds(settings.TimeoutMs);
        if (settings.Version != "3")
        {
            var community = await vault.OpenAsync(settings.Community!, cancellationToken);
            var version = settings.Version == "1" ? SnmpVersion.V1 : SnmpVersion.V2c;
            return new SnmpTarget(endpoint, version, System.Text.Encoding.UTF8.GetBytes(community), timeout, settings.Retries)
            {
                MaxRepetitions = settings.MaxRepetitions,
            };
        }

        var auth = settings.AuthProtocol switch
        {
            "SHA" => AuthProtocol.Sha1,
            "SHA-256" => AuthProtocol.Sha256,
            "SHA-384" => AuthProtocol.Sha384,
            "SHA-512" => AuthProtocol.Sha512,
            _ => AuthProtocol.None,
        };
        var user = new UsmUser(settings.UserName!, auth,
            settings.AuthKey is null ? null : await vault.OpenAsync(settings.AuthKey, cancellationToken),
            settings.PrivProtocol == "AES" ? PrivProtocol.Aes128 : PrivProtocol.None,
            settings.PrivKey is null ? null : await vault.OpenAsync(settings.PrivKey, cancellationToken));
        return SnmpTarget.V3(endpoint, user, timeout, settings.Retries) with { MaxRepetitions = settings.MaxRepetitions };
    }
}
