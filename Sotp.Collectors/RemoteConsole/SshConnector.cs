using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Renci.SshNet;
using Renci.SshNet.Common;
using Sotp.Collectors.Addressing;
using Sotp.Core.Audit;
using Sotp.Core.Devices;
using Sotp.Core.Secrets;
using Sotp.Core.RemoteConsole;
using Sotp.Core.Observability;

namespace Sotp.Collectors.RemoteConsole;

/// <summary>
/// Opens SSH connections to devices: the credentials from the device's settings (opened from the vault or
/// secret store only now), the host key checked against the pinned one, and separate timeouts for reaching
/// the port and for logging in, so "unreachable", "wrong password" and "slow login" read differently.
/// </summary>
public sealed class SshConnector(
    DeviceCatalog catalog,
    SshSettingsStore settings,
    CredentialVault vault,
    IHostResolver resolver,
    IOptionsMonitor<SshOptions> options)
{
    /// <summary>The device and a logged-in client; the caller disposes the client.</summary>
    public async Task<(Device Device, SshClient Client)> ConnectAsync(int deviceId, AuditActor actor, CancellationToken cancellationToken)
    {
        using var span = SotpTelemetry.Source.StartActivity("ssh connect", ActivityKind.Client);
        span?.SetTag("sotp.device.id", deviceId);
        try
        {
            return await LogInAsync(deviceId, actor, span, cancellationToken);
        }
        catch (Exception ex) when (span is not null)
        {
            span.Fail(ex.Message); // SOTP's own words: device, port, user name; never a password or key
            throw;
        }
    }

    private async Task<(Device Device, SshClient Client)> LogInAsync(int deviceId, AuditActor actor, Activity? span, CancellationToken cancellationToken)
    {
        var device = await catalog.GetAsync(deviceId, cancellationToken) ?? throw new SshException("The device does not exist (any more).");
        var ssh = await settings.GetAsync(deviceId, cancellationToken) ?? throw new SshNotConfiguredException(device.Name);
        var o = options.CurrentValue;
        var endpoint = new IPEndPoint(await ResolveAsync(device.Address, cancellationToken), ssh.Port);
        span?.SetTag("network.peer.address", endpoint.Address.ToString());
        span?.SetTag("network.peer.port", endpoint.Port);
        await ProbeAsync(endpoint, device.Address, TimeSpan.FromSeconds(o.ConnectTimeoutSeconds), cancellationToken);

        var info = new ConnectionInfo(endpoint.Address.ToString(), ssh.Port, ssh.UserName, await MethodsAsync(ssh, cancellationToken))
        {
            Timeout = TimeSpan.FromSeconds(o.AuthTimeoutSeconds),
        };
        var client = new SshClient(info) { KeepAliveInterval = TimeSpan.FromSeconds(30) };
        string? presented = null;
        client.HostKeyReceived += (_, e) =>
        {
            presented = "SHA256:" + e.FingerPrintSHA256.TrimEnd('=');
            e.CanTrust = presented == ssh.HostKeyFingerprint;
        };
        using var login = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        login.CancelAfter(TimeSpan.FromSeconds(o.AuthTimeoutSeconds));
        try
        {
            await client.ConnectAsync(login.Token);
            return (device, client);
        }
        catch (Exception) when (presented is not null && presented != ssh.HostKeyFingerprint)
        {
            client.Dispose();
            if (ssh.HostKeyFingerprint is null)
            {
                throw new SshHostKeyUnknownException(presented);
            }

            await settings.RecordChangedKeyAsync(deviceId, presented, actor, CancellationToken.None);
            throw new SshHostKeyChangedException(ssh.HostKeyFingerprint, presented);
        }
        catch (SshAuthenticationException ex)
        {
            client.Dispose();
            throw new SshException($"{device.Name} refused the login of \"{ssh.UserName}\": check the user name and the password or key.", ex);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SshOperationTimeoutException && !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new SshException($"{device.Name} answered on port {ssh.Port} but the SSH login did not finish within {o.AuthTimeoutSeconds} s.", ex);
        }
        catch (Exception ex) when (ex is SshConnectionException or SocketException or ProxyException)
        {
            client.Dispose();
            throw new SshException($"The SSH connection to {device.Name} failed: {ex.Message}", ex);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task<IPAddress> ResolveAsync(string address, CancellationToken cancellationToken) =>
        IPAddress.TryParse(address, out var ip) ? ip
            : (await resolver.ResolveAsync(address, cancellationToken)).FirstOrDefault()
              ?? throw new SshException($"The name {address} does not resolve.");

    // Reaching the port is its own step with its own timeout: a dead device reads as unreachable, not as a
    // login failure.
    private static async Task ProbeAsync(IPEndPoint endpoint, string address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var reach = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reach.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endpoint, reach.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SshException($"{address} did not answer on port {endpoint.Port} within {timeout.TotalSeconds:0} s: the device is unreachable.");
        }
        catch (SocketException ex)
        {
            throw new SshException($"{address} port {endpoint.Port}: {ex.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (is SSH enabled on this port?)",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => "no route to the device",
                _ => ex.Message,
            }}.", ex);
        }
    }

    private async Task<AuthenticationMethod[]> MethodsAsync(SshSettings ssh, CancellationToken cancellationToken)
    {
        var methods = new List<AuthenticationMethod>();
        if (ssh.PrivateKey is not null)
        {
            var key = await vault.OpenAsync(ssh.PrivateKey, cancellationToken);
            var passphrase = ssh.KeyPassphrase is null ? null : await vault.OpenAsync(ssh.KeyPassphrase, cancellationToken);
            try
            {
                using var stream = new MemoryStream(Encoding.UTF8.GetBytes(key));
                methods.Add(new PrivateKeyAuthenticationMethod(ssh.UserName, new PrivateKeyFile(stream, passphrase)));
            }
            catch (Exception ex) when (ex is Renci.SshNet.Common.SshException or SshPassPhraseNullOrEmptyException or InvalidOperationException or ArgumentException)
            {
                throw new SshException("The stored private key cannot be read (wrong format or passphrase).", ex);
            }
        }

        if (ssh.Password is not null)
        {
            methods.Add(new PasswordAuthenticationMethod(ssh.UserName, await vault.OpenAsync(ssh.Password, cancellationToken)));
        }

        return [.. methods];
    }
}
