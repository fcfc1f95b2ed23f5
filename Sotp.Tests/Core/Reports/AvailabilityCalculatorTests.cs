using Sotp.Core.Reports;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Reports;

/// <summary>The availability calculator on SQLite, the default engine (<see cref="AvailabilityCheck"/>).</summary>
public sealed class AvailabilityCalculatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_figure_of_a_month_full_of_edge_cases_matches_a_minute_by_minute_walk()
    {
        using var database = await SqliteTestDatabase.CreateAsync(Ct);
        var (fixture, report) = await AvailabilityCheck.RunAsync(database.Contexts, Ct);

        // The figures a reader checks by eye, as the walk found them.
        var edge = report.Devices.Single(d => d.Id == fixture.EdgeA);
        Assert.Equal((3, TimeSpan.FromMinutes(180 + 60 + 30), TimeSpan.FromHours(3)), (edge.Figures.Outages, edge.Figures.Down, edge.Figures.LongestOutage));
        var sensor = report.Devices.Single(d => d.Id == fixture.SensorC);
        Assert.Null(sensor.Figures.AvailabilityPercent);
        Assert.Equal(TimeSpan.FromHours(745), sensor.Figures.Unmonitored);
        var firewall = report.Devices.Single(d => d.Id == fixture.FirewallD);
        Assert.Equal((1, 99.0), (firewall.Figures.Outages, firewall.Figures.SloPercent));
        Assert.Equal(99.9, edge.Figures.SloPercent);
        Assert.Equal([("core-b optics", 1, "core-b"), ("nightly backup", 31, "site Lyon")],
            report.Maintenance.Select(m => (m.Name, m.Occurrences, m.Covers)).Order());
        Assert.Equal("daily 02:30 for 60 min (Europe/Paris)", report.Maintenance.Single(m => m.Name == "nightly backup").When);
    }

    [Fact]
    public async Task Outages_are_cut_at_the_month_edges_split_into_counted_planned_and_unwatched_time_and_carry_their_cause()
    {
        using var database = await SqliteTestDatabase.CreateAsync(Ct);
        var (fixture, report) = await AvailabilityCheck.RunAsync(database.Contexts, Ct);

        var edge = report.Devices.Single(d => d.Id == fixture.EdgeA).Outages;
        Assert.Equal((AvailabilityCheck.At("2026-09-30T22:00Z"), true, false, TimeSpan.FromHours(3)), (edge[0].Start, edge[0].FromBefore, edge[0].Continues, edge[0].Counted));
        Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(2)), (edge[1].Counted, edge[1].Unmonitored, edge[1].Length));
        Assert.Equal((AvailabilityCheck.At("2026-10-31T23:00Z"), false, true), (edge[2].End, edge[2].FromBefore, edge[2].Continues));

        var core = report.Devices.Single(d => d.Id == fixture.CoreB).Outages.Single();
        Assert.Equal((TimeSpan.FromHours(2), TimeSpan.FromHours(1)), (core.Counted, core.InMaintenance));
        Assert.StartsWith("Link down on GigabitEthernet0/1 (LINK-3-UPDOWN", core.Cause, StringComparison.Ordinal);

        // The firewall's outage on the night the clocks went back lies wholly inside its maintenance: shown, not counted.
        var planned = report.Devices.Single(d => d.Id == fixture.FirewallD).Outages.Single(o => o.Start == AvailabilityCheck.At("2026-10-25T00:45Z"));
        Assert.Equal((TimeSpan.Zero, TimeSpan.FromMinutes(30)), (planned.Counted, planned.InMaintenance));
        Assert.Null(report.Devices.Single(d => d.Id == fixture.FirewallD).Outages.Single(o => o.Counted == TimeSpan.FromMinutes(3)).Cause);
    }

    [Fact]
    public async Task A_scope_narrows_by_every_criterion_given_and_a_scope_that_matches_nothing_says_so()
    {
        using var database = await SqliteTestDatabase.CreateAsync(Ct);
        var fixture = await AvailabilityCheck.SeedAsync(database.Contexts, Ct);
        var calculator = AvailabilityCheck.Calculator(database.Contexts);

        var (core, _) = await calculator.ComputeAsync(AvailabilityCheck.October(), new ReportScope { Tags = ["core"] }, Ct);
        Assert.Equal([fixture.CoreB, fixture.FirewallD], core!.Devices.Select(d => d.Id));
        var (lyonFirewalls, _) = await calculator.ComputeAsync(AvailabilityCheck.October(), new ReportScope { Sites = ["lyon"], Kinds = ["firewall"] }, Ct);
        Assert.Equal([fixture.FirewallD], lyonFirewalls!.Devices.Select(d => d.Id));
        Assert.Equal(lyonFirewalls.Devices[0].Figures with { SloPercent = 99.9 }, lyonFirewalls.Network);

        var (none, problem) = await calculator.ComputeAsync(AvailabilityCheck.October(), new ReportScope { Sites = ["Lyon"], Kinds = ["switch"] }, Ct);
        Assert.Null(none);
        Assert.Equal(new ReportProblem("scope", "No device matches site Lyon; kind switch in October 2026."), problem);
    }

    [Fact]
    public async Task A_month_before_any_data_is_refused_in_words()
    {
        using var database = await SqliteTestDatabase.CreateAsync(Ct);
        await AvailabilityCheck.SeedAsync(database.Contexts, Ct);
        var july = ReportPeriod.Resolve("2026-07", "UTC", TimeZoneInfo.Utc, AvailabilityCheck.Now).Period!;

        var (report, problem) = await AvailabilityCheck.Calculator(database.Contexts).ComputeAsync(july, new ReportScope(), Ct);
        Assert.Null(report);
        Assert.Equal(new ReportProblem("month", "There is no data for July 2026: the first device was added on 2026-08-01."), problem);
    }

    [Theory]
    [InlineData("2026-13", "UTC", "month", "Give the month as year and month, like 2026-10.")]
    [InlineData("October", "UTC", "month", "Give the month as year and month, like 2026-10.")]
    [InlineData("2026-10", "Mars/Olympus", "timeZone", "\"Mars/Olympus\" is not a time zone this server knows: use an IANA name such as Europe/Paris or UTC.")]
    [InlineData("2026-12", "UTC", "month", "December 2026 has not begun yet: there is nothing to report.")]
    public void A_bad_month_or_zone_is_refused_in_words(string month, string zone, string field, string message)
    {
        var (period, problem) = ReportPeriod.Resolve(month, zone, TimeZoneInfo.Utc, AvailabilityCheck.Now);
        Assert.Null(period);
        Assert.Equal(new ReportProblem(field, message), problem);
    }

    [Fact]
    public void The_month_under_way_runs_to_now_and_says_so()
    {
        var (period, _) = ReportPeriod.Resolve("2026-11", null, AvailabilityCheck.Paris, AvailabilityCheck.Now);
        Assert.Equal((AvailabilityCheck.At("2026-10-31T23:00Z"), AvailabilityCheck.Now, true), (period!.Start, period.End, period.MonthToDate));
        Assert.Equal("November 2026 (to date)", period.Title);
        Assert.Equal(20, period.Days().Count());
    }
}
