using Sotp.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sotp.Core.Persistence;

namespace Sotp.Core.Devices;

/// <summary>
/// Demo devices for a newcomer: loopback addresses (127.0.0.0/8 and ::1) that always answer, tagged "demo".
/// Seeded once: after someone deletes them they stay deleted.
/// </summary>
public sealed partial class DemoDevices(DeviceCatalog catalog, IDbContextFactory<SotpDbContext> contexts, ILogger<DemoDevices> logger)
{
    private static readonly DeviceInput[] Seed =
    [
        Demo("demo-core-rtr1", "127.0.10.1", "router", "frr", "Core router of the demo lab"),
        Demo("demo-edge-rtr2", "127.0.10.2", "router", "cisco-ios", "Internet edge router"),
        Demo("demo-access-sw1", "127.0.10.11", "switch", "cisco-iosxe", "Access switch, floor 1"),
        Demo("demo-fw1", "127.0.10.21", "firewall", "generic", "Perimeter firewall"),
        Demo("demo-db1", "127.0.10.31", "database", "linux", "Inventory database server"),
        Demo("demo-sensor1", "127.0.10.41", "sensor", "generic", "Temperature sensor, server room"),
        Demo("demo-ipv6-host", "::1", "server", "linux", "Reached over IPv6"),
    ];

    public async Task SeedOnceAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Devices.AnyAsync(d => d.IsDemo, cancellationToken))
            {
                return;
            }
        }

        foreach (var input in Seed)
        {
            var result = await catalog.CreateAsync(input, AuditActor.System("demo seed"), cancellationToken, isDemo: true);
            if (!result.Succeeded)
            {
                LogSkipped(logger, input.Name!, string.Join(" ", result.Errors.SelectMany(e => e.Value)));
            }
        }

        LogSeeded(logger, Seed.Length);
    }

    private static DeviceInput Demo(string name, string address, string kind, string platform, string description) => new()
    {
        Name = name,
        Address = address,
        Kind = kind,
        Platform = platform,
        Site = "demo-lab",
        Tags = ["demo"],
        Description = "Demo device (loopback, always answers). " + description,
    };

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Seeded {Count} demo devices on loopback addresses")]
    private static partial void LogSeeded(ILogger logger, int count);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Demo device {Name} skipped: {Problem}")]
    private static partial void LogSkipped(ILogger logger, string name, string problem);
}
