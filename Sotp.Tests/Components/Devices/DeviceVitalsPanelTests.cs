using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using Sotp.Console.Components.Pages.Devices;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Secrets;
using Sotp.Core.Security;
using Sotp.Tests.Support;

namespace Sotp.Tests.Components.Devices;

public class DeviceVitalsPanelTests : SotpComponentContext
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly VitalsTracker _vitals = new(TimeProvider.System);
    private readonly SnmpSettingsStore _store;
    private readonly int _deviceId;

    public DeviceVitalsPanelTests()
    {
        var (_, catalog) = AddInventory();
        _vitals.Feed.BatchWindow = TimeSpan.Zero;
        var vault = new CredentialVault(new EphemeralDataProtectionProvider(), new LocalSecretStore(Options.Create(new SecretOptions())));
        _store = new SnmpSettingsStore(Contexts, vault, Audit, TimeProvider.System);
        Services.AddSingleton(_vitals);
        Services.AddSingleton(_store);
        Services.AddSingleton(new MetricHistory(Contexts, Options.Create(new MetricOptions())));
        Services.AddSingleton(TimeProvider.System);
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetPolicies(SotpPermissions.DevicesRead);
        RenderAsInteractiveServer();
        _deviceId = catalog.CreateAsync(new DeviceInput { Name = "rtr", Address = "127.0.70.1", Kind = "router" }, TestActor, Xunit.TestContext.Current.CancellationToken)
            .GetAwaiter().GetResult().Device!.Id;
    }

    private static VitalsReading Reading(int second, ulong octets, int oper = 1) => new(T0.AddSeconds(second), (uint)(100_000 + (second * 100)),
        "rtr", null, 12, "test", 40, "test",
        [
            new InterfaceReading(1, "Gi0/0", "uplink to core", 1e9, 1, oper, octets, octets / 2, true, 3, 0, 0, 0, 0),
            new InterfaceReading(2, "Gi0/1", null, 1e9, 2, 2, 0, 0, true, 0, 0, 0, 0, 0),
        ]);

    private IRenderedComponent<DeviceVitalsPanel> RenderPanel()
    {
        Render<MudPopoverProvider>();
        return Render<DeviceVitalsPanel>(p => p.Add(c => c.DeviceId, _deviceId));
    }

    [Fact]
    public void Without_settings_it_says_snmp_is_not_configured()
    {
        var panel = RenderPanel();

        Assert.Contains("not configured", panel.Find("[data-testid=snmp-not-configured]").TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-testid=configure-snmp]")); // readers may not configure
    }

    [Fact]
    public async Task Polls_fill_the_interface_table_live()
    {
        await _store.SaveAsync(_deviceId, new SnmpSettingsInput { Version = "2c", Community = "a-community" }, TestActor, Xunit.TestContext.Current.CancellationToken);
        var panel = RenderPanel();

        _vitals.Observe(_deviceId, Reading(0, 1_000_000));
        _vitals.Observe(_deviceId, Reading(10, 13_500_000));

        panel.WaitForAssertion(() =>
        {
            var rows = panel.FindAll("[data-testid=interface-table] tbody tr");
            Assert.Equal(2, rows.Count);
            Assert.Contains("10.0 Mbit/s", rows[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("uplink to core", rows[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("admin down", rows[1].TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_failed_poll_is_shown_in_plain_words()
    {
        await _store.SaveAsync(_deviceId, new SnmpSettingsInput { Version = "2c", Community = "a-community" }, TestActor, Xunit.TestContext.Current.CancellationToken);
        var panel = RenderPanel();

        _vitals.ObserveFailure(_deviceId, "No SNMP answer from 127.0.70.1:161", T0);

        panel.WaitForAssertion(() => Assert.Contains("No SNMP answer", panel.Find("[data-testid=poll-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_if_mib_oper_state_reads_as_itself_not_as_down()
    {
        await _store.SaveAsync(_deviceId, new SnmpSettingsInput { Version = "2c", Community = "a-community" }, TestActor, Xunit.TestContext.Current.CancellationToken);
        var panel = RenderPanel();
        IReadOnlyList<InterfaceReading> interfaces = [.. Enumerable.Range(1, 7).Select(oper =>
            new InterfaceReading(oper, $"if{oper}", null, 1e9, 1, oper, 0, 0, true, 0, 0, 0, 0, 0))];

        _vitals.Observe(_deviceId, Reading(0, 0) with { Interfaces = interfaces });

        panel.WaitForAssertion(() => Assert.Equal(
            ["up", "down", "testing", "unknown", "dormant", "notPresent", "lowerLayerDown"],
            panel.FindAll("[data-testid=interface-status]").Select(c => c.TextContent.Trim())));
    }
}
