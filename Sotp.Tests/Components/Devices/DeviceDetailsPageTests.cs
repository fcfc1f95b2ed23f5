using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using Sotp.Console.Components.Pages.Devices;
using Sotp.Core.Cluster;
using Sotp.Core.Configs;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Persistence;
using Sotp.Core.Secrets;
using Sotp.Core.Security;
using Sotp.Core.Status;
using Sotp.Tests.Support;

namespace Sotp.Tests.Components.Devices;

/// <summary>The device page driven through the live feeds: status, edits and archives made elsewhere.</summary>
public class DeviceDetailsPageTests : SotpComponentContext
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private readonly ReachabilityTracker _tracker;
    private readonly DeviceCatalog _catalog;
    private readonly VitalsTracker _vitals;
    private readonly RecordingPollRunner _polls = new();
    private Bunit.TestDoubles.BunitAuthorizationContext? _auth;

    public DeviceDetailsPageTests()
    {
        (_tracker, _catalog, _vitals, _) = AddOverview();
        var vault = new CredentialVault(new EphemeralDataProtectionProvider(), new LocalSecretStore(Options.Create(new SecretOptions())));
        Services.AddSingleton(new SnmpSettingsStore(Contexts, vault, Audit, TimeProvider.System));
        Services.AddSingleton(new MetricHistory(Contexts, Options.Create(new MetricOptions())));
        Services.AddSingleton(new PollNow(new ClusterOutbox(Options.Create(new DatabaseOptions())), [_polls]));
    }

    private sealed class RecordingPollRunner : IPollRunner
    {
        public List<PollRequest> Requests { get; } = [];

        public bool Owns(int deviceId) => true;

        public void Start(PollRequest request) => Requests.Add(request);
    }

    private async Task<int> AddAsync(string name) =>
        (await _catalog.CreateAsync(new DeviceInput { Name = name, Address = "127.0.82.1", Kind = "router", Site = "hq" }, TestActor, Ct)).Device!.Id;

    private IRenderedComponent<DeviceDetails> RenderPage(int id, params string[] permissions)
    {
        _auth = SignInLive([SotpPermissions.DevicesRead, .. permissions]);
        Render<MudPopoverProvider>();
        return Render<DeviceDetails>(p => p.Add(c => c.Id, id));
    }

    [Fact]
    public async Task Poll_now_asks_for_the_device_in_the_trace_it_shows()
    {
        var id = await AddAsync("poll-rtr");
        var page = RenderPage(id, SotpPermissions.DevicesWrite);
        page.WaitForAssertion(() => Assert.Equal("poll-rtr", page.Find("h1").TextContent));

        await page.Find("[data-testid=poll-now]").ClickAsync(new());

        var request = Assert.Single(_polls.Requests);
        Assert.Equal((id, "alice"), (request.DeviceId, request.RequestedBy));
        var shown = page.Find("[data-testid=poll-now-result] [data-trace-id]").GetAttribute("data-trace-id");
        Assert.Matches("^[0-9a-f]{32}$", shown);
        Assert.Contains(shown!, request.TraceParent, StringComparison.Ordinal); // the job continues the trace shown
    }

    [Fact]
    public async Task Poll_now_refused_after_the_permission_went_says_so_with_its_trace()
    {
        var id = await AddAsync("revoked-rtr");
        var page = RenderPage(id, SotpPermissions.DevicesWrite);
        page.WaitForAssertion(() => Assert.Equal("revoked-rtr", page.Find("h1").TextContent));

        _auth!.SetPolicies(SotpPermissions.DevicesRead); // an Admin took the right away a moment ago
        await page.Find("[data-testid=poll-now]").ClickAsync(new());

        Assert.Empty(_polls.Requests);
        var result = page.Find("[data-testid=poll-now-result]");
        Assert.Contains("You may no longer poll devices.", result.TextContent, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}$", result.QuerySelector("[data-trace-id]")!.GetAttribute("data-trace-id"));
    }

    [Fact]
    public async Task The_configuration_panel_follows_a_backup_from_queued_to_recorded_and_back_up_now_is_on_the_record()
    {
        var id = await AddAsync("cfg-rtr");
        var page = RenderPage(id, SotpPermissions.DevicesWrite);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=configs-empty]")));
        var board = Services.GetRequiredService<ConfigBoard>();

        // Made by another collector: queued, then recorded, each shown as it happens.
        board.Queued(id, "scheduled");
        page.WaitForAssertion(() => Assert.Contains("Backing up (scheduled)", page.Find("[data-testid=config-pending]").TextContent, StringComparison.Ordinal));
        board.Record(new ConfigBackupRecord
        {
            Id = 41, DeviceId = id, At = DateTimeOffset.UtcNow, Trigger = "scheduled", RequestedBy = "system", Outcome = ConfigBackupOutcome.Failed,
            Error = "cfg-rtr did not answer on port 22 within 5 s: the device is unreachable.",
        });
        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll("[data-testid=config-pending]"));
            Assert.Equal("failed", page.Find("[data-testid=config-backup-row]").GetAttribute("data-outcome"));
            Assert.Contains("the device is unreachable", page.Find("[data-testid=config-backup-error]").TextContent, StringComparison.Ordinal);
        });

        await page.Find("[data-testid=config-backup-now]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Backing up (on demand)", page.Find("[data-testid=config-pending]").TextContent, StringComparison.Ordinal));
        Assert.True(Services.GetRequiredService<Sotp.Collectors.Configs.ConfigBackupQueue>().IsWaiting(id));
        var audited = await new Sotp.Core.Audit.AuditSearch(Contexts).QueryAsync(new Sotp.Core.Audit.AuditQuery { Action = "config.backup" }, Ct);
        Assert.Equal(("alice", "cfg-rtr"), (audited.Items[0].Actor, audited.Items[0].TargetName));
    }

    [Fact]
    public async Task A_reader_has_no_poll_now()
    {
        var id = await AddAsync("read-rtr");
        var page = RenderPage(id);
        page.WaitForAssertion(() => Assert.Equal("read-rtr", page.Find("h1").TextContent));

        Assert.Empty(page.FindAll("[data-testid=poll-now]"));
    }

    [Fact]
    public async Task Status_and_rtt_follow_the_probes()
    {
        var id = await AddAsync("core-rtr1");
        var page = RenderPage(id);
        page.WaitForAssertion(() => Assert.Equal("core-rtr1", page.Find("h1").TextContent));

        _tracker.Observe(id, 2.5, DateTimeOffset.UtcNow);

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Up", page.Find("[data-testid=status-chip]").GetAttribute("data-state"));
            Assert.Contains("2.5", page.Find("[data-testid=device-rtt]").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_edit_made_elsewhere_shows_at_once()
    {
        var id = await AddAsync("old-name");
        var page = RenderPage(id);
        page.WaitForAssertion(() => Assert.Equal("old-name", page.Find("h1").TextContent));

        await _catalog.UpdateAsync(id, new DeviceInput { Name = "new-name", Address = "127.0.82.1", Kind = "router", Site = "dc2" }, TestActor, Ct);

        page.WaitForAssertion(() =>
        {
            Assert.Equal("new-name", page.Find("h1").TextContent);
            Assert.Contains("dc2", page.Markup, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_archive_made_elsewhere_turns_the_page_into_deleted()
    {
        var id = await AddAsync("leaving");
        var page = RenderPage(id);
        page.WaitForAssertion(() => Assert.Equal("leaving", page.Find("h1").TextContent));

        await _catalog.ArchiveAsync(id, TestActor, Ct);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=device-missing]")));
    }

    [Fact]
    public async Task Leaving_during_the_first_database_load_leaves_no_subscription_behind()
    {
        var id = await AddAsync("slow-db");
        // The overview (the dashboard's) follows both feeds too: the page's subscriptions come on top.
        var before = (_tracker.Feed.SubscriberCount, _catalog.Feed.SubscriberCount, _vitals.Feed.SubscriberCount);
        Gate.Close();
        RenderPage(id);
        Assert.Equal(1, await Eventually.WaitAsync(() => Task.FromResult(Gate.Waiting), waiting => waiting == 1));
        Assert.Equal((before.Item1 + 1, before.Item2 + 1), (_tracker.Feed.SubscriberCount, _catalog.Feed.SubscriberCount));

        await DisposeComponentsAsync();
        Gate.Open();

        Assert.Equal(before, (_tracker.Feed.SubscriberCount, _catalog.Feed.SubscriberCount, _vitals.Feed.SubscriberCount));
    }
}
