using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Sotp.Core.Audit;
using Sotp.Core.Compliance;
using Sotp.Core.Configs;
using Sotp.Core.Devices;
using Sotp.Core.Persistence;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Compliance;

/// <summary>
/// The compliance service on a database (SQLite here, PostgreSQL in <c>Lab/CompliancePostgresTests</c>): each device's
/// latest stored version checked against the enabled rules, an archived device and a device never backed up left out,
/// a second check replacing the verdicts and adding to the history, a rule saved (audited) or deleted (its verdicts
/// with it), the overview filtered by site and state, the worst device first; and the backups listed as the history
/// page reads them.
/// </summary>
public sealed class ComplianceServiceTests
{
    [Fact]
    public async Task Each_device_is_checked_on_its_latest_version_and_a_second_check_replaces_its_verdicts()
    {
        using var database = await SqliteTestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        await ComplianceScenario.RunAsync(database.Contexts, TestContext.Current.CancellationToken);
    }
}

/// <summary>The checks of <see cref="ComplianceServiceTests"/>, on whichever database is given.</summary>
public static class ComplianceScenario
{
    private static readonly AuditActor Engineer = new("erik", ["Engineer"], "test");

    public static async Task RunAsync(SotpDbContextFactory contexts, CancellationToken cancellationToken)
    {
        using var folder = new TempDirectory();
        var repository = new ConfigRepository(folder.File("configs"));
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var audit = new AuditTrail(contexts, TimeProvider.System, NullLogger<AuditTrail>.Instance);
        var service = new ComplianceService(contexts, repository, new GoldenConfig(ConfigNormalizer.Load()), new ComplianceBoard(TimeProvider.System), audit,
            TimeProvider.System, meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), NullLogger<ComplianceService>.Instance);

        var now = DateTimeOffset.UtcNow;
        int lyon, paris, archived, never;
        await using (var db = contexts.CreateDbContext())
        {
            Device Add(string name, string site) => db.Devices.Add(new Device
            {
                Name = name, Address = "192.0.2.40", Platform = "cisco-ios", Site = site, Monitored = false, CreatedAt = now, UpdatedAt = now,
            }).Entity;
            var devices = new[] { Add("lyon-1", "Lyon"), Add("paris-1", "Paris"), Add("gone-1", "Paris"), Add("never-1", "Paris") };
            await db.SaveChangesAsync(cancellationToken);
            (lyon, paris, archived, never) = (devices[0].Id, devices[1].Id, devices[2].Id, devices[3].Id);
            devices[2].ArchivedAt = now;
            foreach (var (device, versions) in new[] { (devices[0], new[] { "ip http server\n", "" }), (devices[1], new[] { "" }), (devices[2], new[] { "" }) })
            {
                for (var v = 0; v < versions.Length; v++)
                {
                    var commit = repository.Save(device.Name, $"hostname {device.Name}\n{versions[v]}snmp-server location {device.Site}\n", "seeded", now.AddMinutes(v))!;
                    db.ConfigBackups.Add(new ConfigBackupRecord
                    {
                        DeviceId = device.Id, At = commit.At, Trigger = "seeded", RequestedBy = "test", Outcome = ConfigBackupOutcome.Changed, Commit = commit.Sha,
                    });
                    db.ConfigBackups.Add(new ConfigBackupRecord { DeviceId = device.Id, At = commit.At, Trigger = "seeded", RequestedBy = "test", Outcome = ConfigBackupOutcome.Failed, Error = "x" });
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        var http = (await service.SaveRuleAsync(null, new ComplianceRuleInput { Name = "No web server", Kind = "forbidden", Text = "ip http server" }, Engineer, cancellationToken))!.Value.Rule!;
        await service.SaveRuleAsync(null, new ComplianceRuleInput { Name = "Location", Kind = "required", Text = "snmp-server location Lyon", Platforms = ["cisco-ios"] },
            Engineer, cancellationToken);
        var refused = (await service.SaveRuleAsync(null, new ComplianceRuleInput { Name = "location", Kind = "section", Text = "line vty 0 4" }, Engineer, cancellationToken))!.Value;
        Assert.Equal(["text"], refused.Errors.Keys);

        Assert.Equal(2, await service.CheckAsync(null, cancellationToken)); // not the archived one, not the one never backed up
        Assert.Equal(2, await service.CheckAsync([lyon], cancellationToken) + 1);
        var overview = await service.OverviewAsync(new ComplianceFilter(), cancellationToken);
        Assert.Equal(4, overview.Rows.Count);
        Assert.DoesNotContain(overview.Rows, r => r.DeviceId == archived || r.DeviceId == never);
        // lyon-1's latest version has no web server any more: only paris-1 fails, on its location.
        Assert.Equal(("paris-1", 1), (overview.Devices[0].Device, overview.Devices[0].Failed));
        Assert.Equal(1, overview.CompliantDevices);
        var paris1 = Assert.Single(overview.Rows, r => r.DeviceId == paris && r.State == ComplianceState.Fail);
        Assert.Equal(("Location", "line 2: snmp-server location Paris", "snmp-server location Lyon"), (paris1.Rule, paris1.Actual, paris1.Remediation));
        Assert.Equal(2, (await service.HistoryAsync(lyon, 10, cancellationToken)).Count);

        // The configuration history reads the same rows: newest first, and "yesterday against today" (both versions are recent: the first and the latest).
        var history = new ConfigHistory(contexts, repository);
        var backups = await history.ListAsync(lyon, 10, cancellationToken);
        Assert.Equal([ConfigBackupOutcome.Failed, ConfigBackupOutcome.Changed, ConfigBackupOutcome.Failed, ConfigBackupOutcome.Changed], backups.Select(v => v.Outcome));
        var day = (await history.LastDayAsync(lyon, cancellationToken))!.Value;
        Assert.Equal((backups[3].Commit, backups[1].Commit), (day.From.Commit, day.To.Commit));
        Assert.Null(await history.LastDayAsync(paris, cancellationToken));

        var lyonOnly = await service.OverviewAsync(new ComplianceFilter(Site: "Lyon", State: ComplianceState.Pass), cancellationToken);
        Assert.Equal([(lyon, ComplianceState.Pass), (lyon, ComplianceState.Pass)], lyonOnly.Rows.Select(r => (r.DeviceId, r.State)));

        Assert.True(await service.DeleteRuleAsync(http.Id, Engineer, cancellationToken));
        Assert.DoesNotContain((await service.OverviewAsync(new ComplianceFilter(), cancellationToken)).Rows, r => r.RuleId == http.Id);
        await using (var db = contexts.CreateDbContext())
        {
            Assert.Equal(["compliance.rule.create", "compliance.rule.create", "compliance.rule.delete"],
                await db.AuditEntries.Where(e => e.Action.StartsWith("compliance.")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(cancellationToken));
        }
    }
}
