using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sotp.Core.Devices;
using Sotp.Core.Persistence;
using Sotp.Core.Secrets;

namespace Sotp.Collectors.Snmp.Agent;

/// <summary>
/// Gives the demo devices live vitals: a simulated agent on each demo device's own loopback address, UDP port
/// <see cref="Port"/>, and SNMP settings pointing at it. The community is random per installation, stored
/// encrypted like any credential; nothing about it is in code.
/// </summary>
public sealed partial class DemoAgents(
    IOptions<DemoOptions> demo,
    IDbContextFactory<SotpDbContext> contexts,
    SnmpSettingsStore settings,
    CredentialVault vault,
    TimeProvider time,
    ILogger<DemoAgents> logger) : IHostedService, IAsyncDisposable
{
    public const int Port = 16100;

    private List<SnmpAgent> _agents = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!demo.Value.Enabled)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var devices = await db.Devices.AsNoTracking().Where(d => d.IsDemo && d.ArchivedAt == null).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        foreach (var device in devices)
        {
            if (!IPAddress.TryParse(device.Address, out var ip) || !IPAddress.IsLoopback(ip))
            {
                continue;
            }

            var existing = await settings.GetAsync(device.Id, cancellationToken);
            string community;
            if (existing?.Community is { } stored)
            {
                community = await vault.OpenAsync(stored, cancellationToken);
            }
            else
            {
                community = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
                await settings.SaveAsync(device.Id, new SnmpSettingsInput { Version = "2c", Port = Port, PollIntervalSeconds = 10, Community = community },
                    Core.Audit.AuditActor.System("demo agents"), cancellationToken);
            }

            try
            {
                var simulated = new SimulatedDevice(device.Name, device.Kind == DeviceKind.Switch ? 24 : 6, time, seed: device.Id);
                _agents.Add(new SnmpAgent(new IPEndPoint(ip, Port), simulated.Mib, community));
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                LogAgentNotStarted(logger, device.Name, ex.Message);
            }
        }

        LogStarted(logger, _agents.Count, Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    // The host stops it and the container disposes it, possibly at once: whoever comes first takes the agents.
    public async ValueTask DisposeAsync()
    {
        foreach (var agent in Interlocked.Exchange(ref _agents, []))
        {
            await agent.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Started {Count} simulated SNMP agents for the demo devices on UDP port {Port}")]
    private static partial void LogStarted(ILogger logger, int count, int port);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Demo agent for {Device} not started: {Reason}")]
    private static partial void LogAgentNotStarted(ILogger logger, string device, string reason);
}
