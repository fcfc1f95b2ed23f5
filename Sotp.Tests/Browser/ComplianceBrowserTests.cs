using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Core.Audit;
using Sotp.Core.Compliance;
using Sotp.Core.Configs;
using Sotp.Core.Devices;
using Sotp.Core.Persistence;
using Sotp.Tests.Support;

namespace Sotp.Tests.Browser;

/// <summary>
/// An engineer's golden configuration in Chromium, on two display-only routers whose configurations are stored as a
/// backup stores them (never contacted): a rule that does not compile is refused in the dialog with its position, a
/// good one turns a router red at once, the verdict opens on what was expected, what is there and the fix.
/// </summary>
[LabTest]
public sealed class ComplianceBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rule_written_in_the_dialog_turns_a_router_red_and_its_verdict_says_what_to_type()
    {
        await using var app = new SotpAppFactory();
        var baseAddress = app.StartOnLoopback();
        var catalog = app.Services.GetRequiredService<DeviceCatalog>();
        var actor = new AuditActor("test-setup", [], "test");
        foreach (var (name, http) in new[] { ("edge-1", false), ("edge-2", true) })
        {
            var device = (await catalog.CreateAsync(new DeviceInput { Name = name, Address = "192.0.2.31", Kind = "router", Platform = "cisco-ios", Site = "Lyon", Monitored = false },
                actor, Ct)).Device!;
            var commit = app.Services.GetRequiredService<ConfigRepository>().Save(name,
                $"hostname {name}\n!\n{(http ? "ip http server\n" : "")}interface GigabitEthernet0/1\n description uplink\n!\nend\n", $"{name}: on demand", DateTimeOffset.UtcNow)!;
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<SotpDbContext>>().CreateDbContextAsync(Ct);
            db.ConfigBackups.Add(new ConfigBackupRecord
            {
                DeviceId = device.Id, At = commit.At, Trigger = "on demand", RequestedBy = "erik", Outcome = ConfigBackupOutcome.Changed, Commit = commit.Sha,
                LinesAdded = commit.LinesAdded,
            });
            await db.SaveChangesAsync(Ct);
        }

        var password = await app.CreateUserAsync("erik", "Engineer");
        var page = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(page, "erik", password, "/compliance");
        await page.WaitForSelectorAsync("[data-testid=compliance-no-rules]");

        await page.ClickAsync("[data-testid=rule-add]");
        await page.FillAsync("input[data-testid=rule-name], [data-testid=rule-name] input", "No web server");
        await page.FillAsync("textarea[data-testid=rule-text], [data-testid=rule-text] textarea", "ip http server\nsnmp-server contact {owner}");
        await page.ClickAsync("[data-testid=rule-save]");
        await page.WaitForSelectorAsync("[data-testid=rule-form] :text('Line 2, column 21: {owner} is not a device field')");
        await Chromium.ScreenshotAsync(page, "compliance-rule-refused");

        await page.ClickAsync("[data-testid=rule-kind]");
        await page.ClickAsync(".mud-popover-open .mud-list-item:has-text('not have these lines')");
        await page.FillAsync("textarea[data-testid=rule-text], [data-testid=rule-text] textarea", "ip http server");
        await page.ClickAsync("[data-testid=rule-save]");
        await page.WaitForSelectorAsync("[data-testid=compliance-device][data-device=edge-2][data-failed='1']");
        Assert.Equal("0", await page.GetAttributeAsync("[data-testid=compliance-device][data-device=edge-1]", "data-failed"));
        Assert.Contains("1 of 2 devices compliant", await page.InnerTextAsync("[data-testid=compliance-summary]"), StringComparison.Ordinal);

        await page.ClickAsync("[data-testid=compliance-device][data-device=edge-2] [data-testid=compliance-cell][data-state=fail]");
        await page.WaitForSelectorAsync("[data-testid=compliance-detail]");
        Assert.Equal("no ip http server", (await page.InnerTextAsync("[data-testid=detail-remediation]")).Trim());
        Assert.Equal("line 3: ip http server", (await page.InnerTextAsync("[data-testid=detail-actual]")).Trim());
        await page.WaitForSelectorAsync("[data-testid=compliance-history] tbody tr");
        await Chromium.ScreenshotAsync(page, "compliance");
    }
}
