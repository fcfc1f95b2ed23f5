using Bunit;
using Sotp.Core.Dashboard;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Security;
using Sotp.Core.Status;
using Sotp.Tests.Support;
using DashboardPage = Sotp.Console.Components.Pages.Dashboard.Dashboard;

namespace Sotp.Tests.Components.Dashboard;

/// <summary>The dashboard driven the way the app drives it: the catalog, the tracker and the overview between them.</summary>
public class DashboardPageTests : SotpComponentContext
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private readonly ReachabilityTracker _tracker;
    private readonly DeviceCatalog _catalog;
    private readonly VitalsTracker _vitals;
    private readonly NetworkOverview _overview;

    public DashboardPageTests()
    {
        (_tracker, _catalog, _vitals, _overview) = AddOverview();
        SignInLive(SotpPermissions.DevicesRead);
    }

    private async Task<int> AddAsync(string name, string address) =>
        (await _catalog.CreateAsync(new DeviceInput { Name = name, Address = address, Kind = "router" }, TestActor, Ct)).Device!.Id;

    private static (string Up, string Down, string Unknown) Counts(IRenderedComponent<DashboardPage> page) =>
        (page.Find("[data-testid=count-up] .sotp-count").TextContent, page.Find("[data-testid=count-down] .sotp-count").TextContent,
            page.Find("[data-testid=count-unknown] .sotp-count").TextContent);

    private static void Down(ReachabilityTracker tracker, int id, DateTimeOffset at)
    {
        for (var i = 0; i < 3; i++)
        {
            tracker.Observe(id, null, at.AddSeconds(i));
        }
    }

    [Fact]
    public void With_no_devices_it_says_where_to_add_them()
    {
        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=dashboard-empty]")));
    }

    [Fact]
    public async Task A_device_added_while_the_page_is_open_is_counted_and_turns_up_without_a_reload()
    {
        await AddAsync("core-rtr1", "127.0.80.1");
        var page = Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.Equal(("0", "0", "1"), Counts(page)));

        var added = await AddAsync("edge-rtr2", "127.0.80.2");
        page.WaitForAssertion(() => Assert.Equal(("0", "0", "2"), Counts(page)));

        _tracker.Observe(added, 0.4, DateTimeOffset.UtcNow);
        page.WaitForAssertion(() => Assert.Equal(("1", "0", "1"), Counts(page)));
    }

    [Fact]
    public async Task An_archived_device_leaves_the_counts_and_the_down_list_at_once()
    {
        var gone = await AddAsync("old-sw", "127.0.80.3");
        await AddAsync("new-sw", "127.0.80.4");
        Down(_tracker, gone, DateTimeOffset.UtcNow);
        var page = Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.Equal("old-sw", page.Find("[data-testid=down-row] a").TextContent));

        await _catalog.ArchiveAsync(gone, TestActor, Ct);

        page.WaitForAssertion(() =>
        {
            Assert.Equal(("0", "0", "1"), Counts(page));
            Assert.Empty(page.FindAll("[data-testid=down-row]"));
            Assert.DoesNotContain("old-sw", page.Find("[data-testid=recent-changes]").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_flapping_device_lists_each_change_newest_first_and_the_counts_follow_the_last()
    {
        var id = await AddAsync("flappy", "127.0.80.5");
        var page = Render<DashboardPage>();
        var at = DateTimeOffset.UtcNow;

        for (var flap = 0; flap < 10; flap++)
        {
            _tracker.Observe(id, 1, at.AddSeconds(flap * 10));
            Down(_tracker, id, at.AddSeconds((flap * 10) + 1));
        }

        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("[data-testid=change-row]");
            Assert.Equal(NetworkOverview.ChangeRows, rows.Count);
            Assert.Contains("Up → Down", rows[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("Down → Up", rows[1].TextContent, StringComparison.Ordinal);
            Assert.Equal(("0", "1", "0"), Counts(page));
        }, TimeSpan.FromSeconds(10)); // twenty changes pass through the overview: on a loaded machine that takes more than a second
    }

    [Fact]
    public async Task A_burst_of_changes_larger_than_any_subscriber_queue_ends_in_the_right_counts_and_newest_changes()
    {
        var ids = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await AddAsync($"burst-{i:00}", $"127.0.81.{i + 1}"));
        }

        var page = Render<DashboardPage>();
        var at = DateTimeOffset.UtcNow;
        // 40 devices x 30 flaps = 2,400 state changes, more than the change stream's 1,024 per subscriber.
        for (var flap = 0; flap < 30; flap++)
        {
            foreach (var id in ids)
            {
                _tracker.Observe(id, 1, at.AddSeconds(flap * 10));
                Down(_tracker, id, at.AddSeconds((flap * 10) + 1));
            }
        }

        foreach (var id in ids.Take(10))
        {
            _tracker.Observe(id, 1, at.AddSeconds(400));
        }

        page.WaitForAssertion(() =>
        {
            Assert.Equal(("10", "30", "0"), Counts(page));
            var rows = page.FindAll("[data-testid=change-row]").Select(r => r.TextContent).ToList();
            Assert.Equal(NetworkOverview.ChangeRows, rows.Count);
            Assert.All(rows.Take(10), row => Assert.Contains("Down → Up", row, StringComparison.Ordinal));
            Assert.Equal(NetworkOverview.DownRows, page.FindAll("[data-testid=down-row]").Count);
            Assert.Contains("and 5 more", page.Find("[data-testid=more-down]").TextContent, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Busiest_interfaces_and_devices_under_pressure_come_from_the_vitals_feed()
    {
        var id = await AddAsync("hot-rtr", "127.0.80.6");
        var page = Render<DashboardPage>();
        var t0 = DateTimeOffset.UtcNow;
        _vitals.Observe(id, Reading(t0, 0, 95));
        _vitals.Observe(id, Reading(t0.AddSeconds(10), 1_000_000_000, 95));

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Gi0/0", page.Find("[data-testid=busiest-interfaces]").TextContent, StringComparison.Ordinal);
            Assert.Contains("hot-rtr", page.Find("[data-testid=under-pressure]").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Leaving_the_page_lets_go_of_the_overview()
    {
        var page = Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.Equal(1, _overview.Feed.SubscriberCount));

        await DisposeComponentsAsync();

        Assert.Equal(0, _overview.Feed.SubscriberCount);
    }

    private static VitalsReading Reading(DateTimeOffset at, ulong octets, double cpu) => new(at, (uint)(at.ToUnixTimeSeconds() % 1_000_000) * 100, "hot-rtr", null,
        cpu, "test", 50, "test", [new InterfaceReading(1, "Gi0/0", null, 1e9, 1, 1, octets, octets, true, 0, 0, 0, 0, 0)]);
}
