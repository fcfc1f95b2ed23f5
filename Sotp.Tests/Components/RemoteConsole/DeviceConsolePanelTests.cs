using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using Sotp.Collectors.RemoteConsole;
using Sotp.Console.Components.Pages.RemoteConsole;
using Sotp.Core.Devices;
using Sotp.Core.RemoteConsole;
using Sotp.Core.Secrets;
using Sotp.Core.Security;
using Sotp.Tests.Support;

namespace Sotp.Tests.Components.RemoteConsole;

/// <summary>
/// The console panel on the device page, driven through the SSH settings feed the way the app drives it: settings
/// saved, a key pinned, a changed key refused elsewhere all show without a reload. (No device is contacted: the
/// panel connects only when asked, and these tests never ask.)
/// </summary>
public class DeviceConsolePanelTests : SotpComponentContext
{
    private const string Pinned = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const string Presented = "SHA256:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private readonly SshSettingsStore _settings;
    private readonly int _deviceId;

    public DeviceConsolePanelTests()
    {
        var (_, catalog) = AddInventory();
        var vault = new CredentialVault(new EphemeralDataProtectionProvider(), new LocalSecretStore(Options.Create(new SecretOptions())));
        _settings = new SshSettingsStore(Contexts, vault, Audit, TimeProvider.System);
        _settings.Changes.BatchWindow = TimeSpan.Zero;
        var options = new StaticOptionsMonitor<SshOptions>(new SshOptions());
        var connector = new SshConnector(catalog, _settings, vault, new FakeHostResolver(), options);
        Services.AddSingleton(_settings);
        Services.AddSingleton(new ConsoleSessions(connector, catalog, new ConsoleRecorder(Contexts, Audit, TimeProvider.System),
            Sotp.Core.Configs.ConfigRules.Load(), new Sotp.Core.Configs.ConfigKeys(Contexts, new EphemeralDataProtectionProvider()), options,
            TimeProvider.System, NullLogger<ConsoleSessions>.Instance));
        SignInLive(SotpPermissions.DevicesRead, SotpPermissions.DevicesWrite, SotpPermissions.ConsoleReadOnly);
        _deviceId = catalog.CreateAsync(new DeviceInput { Name = "r1", Address = "127.0.84.1", Kind = "router", Platform = "frr" }, TestActor, Ct)
            .GetAwaiter().GetResult().Device!.Id;
    }

    private IRenderedComponent<DeviceConsole> RenderPanel()
    {
        Render<MudPopoverProvider>();
        return Render<DeviceConsole>(p => p.Add(c => c.DeviceId, _deviceId).Add(c => c.Address, "127.0.84.1").Add(c => c.Platform, "frr"));
    }

    private async Task SaveSettingsAsync() =>
        await _settings.SaveAsync(_deviceId, new SshSettingsInput { Port = 22, User = "netops", Password = TestSecrets.NewPassword() }, TestActor, Ct);

    [Fact]
    public async Task Settings_saved_elsewhere_replace_the_empty_state_at_once()
    {
        var panel = RenderPanel();
        panel.WaitForAssertion(() => Assert.Contains("No SSH settings yet", panel.Find("[data-testid=ssh-missing]").TextContent, StringComparison.Ordinal));

        await SaveSettingsAsync();

        panel.WaitForAssertion(() =>
        {
            Assert.Empty(panel.FindAll("[data-testid=ssh-missing]"));
            Assert.Contains("netops@127.0.84.1 port 22", panel.Markup, StringComparison.Ordinal);
            Assert.Contains("not trusted yet", panel.Markup, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_changed_key_refused_by_someone_elses_connection_raises_the_alert_on_an_open_panel()
    {
        await SaveSettingsAsync();
        await _settings.PinAsync(_deviceId, Pinned, mayReplace: false, TestActor, Ct);
        var panel = RenderPanel();
        panel.WaitForAssertion(() => Assert.Contains(Pinned, panel.Markup, StringComparison.Ordinal));
        Assert.Empty(panel.FindAll("[data-testid=hostkey-changed]"));

        await _settings.RecordChangedKeyAsync(_deviceId, Presented, TestActor, Ct);

        panel.WaitForAssertion(() =>
        {
            var alert = panel.Find("[data-testid=hostkey-changed]");
            Assert.Contains(Presented, alert.TextContent, StringComparison.Ordinal);
            Assert.Empty(panel.FindAll("[data-testid=trust-new-key]")); // only an Admin (settings.manage) may replace it
        });

        await _settings.PinAsync(_deviceId, Presented, mayReplace: true, TestActor, Ct);

        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll("[data-testid=hostkey-changed]")));
    }

    [Fact]
    public async Task Leaving_the_page_lets_go_of_the_settings_feed()
    {
        await SaveSettingsAsync();
        RenderPanel();
        Assert.Equal(1, _settings.Changes.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, _settings.Changes.SubscriberCount);
    }
}
