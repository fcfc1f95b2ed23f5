using Sotp.Collectors.Scheduling;

namespace Sotp.Tests.Collectors.Scheduling;

public class DuePlanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private static (DuePlan<string> Plan, DuePlan<string>.Entry Entry) PlanWithOne()
    {
        var plan = new DuePlan<string>();
        plan.Reload([(1, "a", Interval)], T0, (x, y) => x == y);
        var first = plan.TakeDue(T0 + TimeSpan.FromSeconds(6)).Single(); // past any first-turn jitter
        first.Running = false;
        return (plan, first);
    }

    [Fact]
    public void Late_sweeps_do_not_stretch_the_period()
    {
        var (plan, entry) = PlanWithOne();
        var grid = entry.NextDue;
        var starts = new List<DateTimeOffset>();

        // Every sweep comes 0.9 s after the turn was due, as a 1 s sweep can.
        for (var turn = 0; turn < 30; turn++)
        {
            var now = grid + (Interval * turn) + TimeSpan.FromMilliseconds(900);
            var due = Assert.Single(plan.TakeDue(now));
            starts.Add(now);
            due.Running = false;
        }

        Assert.Equal(grid + (Interval * 30), entry.NextDue);
        Assert.All(starts.Zip(starts.Skip(1), (a, b) => b - a), gap => Assert.Equal(Interval, gap));
    }

    [Fact]
    public void A_turn_is_not_started_twice_while_the_last_one_runs()
    {
        var (plan, entry) = PlanWithOne();
        var now = entry.NextDue;
        Assert.Single(plan.TakeDue(now));

        Assert.Empty(plan.TakeDue(now + (Interval * 3)));
    }

    [Fact]
    public void An_entry_that_missed_whole_intervals_starts_afresh_instead_of_catching_up()
    {
        var (plan, entry) = PlanWithOne();
        var late = entry.NextDue + (Interval * 5) + TimeSpan.FromSeconds(3);

        var due = Assert.Single(plan.TakeDue(late));
        due.Running = false;

        Assert.Equal(late + Interval, entry.NextDue);
        Assert.Empty(plan.TakeDue(late + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_turn_brought_forward_comes_then_and_the_period_counts_from_it()
    {
        var (plan, entry) = PlanWithOne();
        var lostAt = entry.NextDue - TimeSpan.FromSeconds(8);

        entry.DueBy(lostAt + TimeSpan.FromSeconds(1));
        entry.DueBy(lostAt + TimeSpan.FromSeconds(5)); // later than already due: no effect

        Assert.Empty(plan.TakeDue(lostAt + TimeSpan.FromMilliseconds(900)));
        var confirm = Assert.Single(plan.TakeDue(lostAt + TimeSpan.FromSeconds(1)));
        confirm.Running = false;
        Assert.Equal(lostAt + TimeSpan.FromSeconds(1) + Interval, entry.NextDue);
    }
}
