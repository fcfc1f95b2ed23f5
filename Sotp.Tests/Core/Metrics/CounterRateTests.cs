using Sotp.Core.Metrics;

namespace Sotp.Tests.Core.Metrics;

public class CounterRateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private const double Gigabit = 1e9;

    private static CounterReading At(ulong value, uint uptimeSeconds, uint discontinuity = 0) =>
        new(value, uptimeSeconds * 100, T0.AddSeconds(uptimeSeconds), discontinuity);

    [Fact]
    public void Bits_per_second_come_from_the_agents_own_uptime()
    {
        var (bps, gap) = CounterRate.Compute(At(1_000_000, 100), At(1_000_000 + 12_500_000, 110), is64Bit: true, Gigabit);

        Assert.Equal(RateGap.None, gap);
        Assert.Equal(10_000_000, bps);
    }

    [Fact]
    public void A_counter32_that_went_backwards_wrapped_once()
    {
        var (bps, gap) = CounterRate.Compute(At(uint.MaxValue - 999, 100), At(9_000, 101), is64Bit: false, Gigabit);

        Assert.Equal(RateGap.None, gap);
        Assert.Equal(10_000 * 8, bps);
    }

    [Fact]
    public void A_counter64_that_went_backwards_was_reset()
    {
        var (bps, gap) = CounterRate.Compute(At(5_000_000_000, 100), At(10, 101), is64Bit: true, Gigabit);

        Assert.Null(bps);
        Assert.Equal(RateGap.CounterReset, gap);
    }

    [Fact]
    public void Never_a_spike_after_a_reboot()
    {
        var (bps, gap) = CounterRate.Compute(At(3_000_000_000, 86_400), At(1_000, 30), is64Bit: false, Gigabit);

        Assert.Null(bps);
        Assert.Equal(RateGap.AgentRestarted, gap);
    }

    [Fact]
    public void Never_a_rate_above_the_interface_speed()
    {
        // A counter that jumped (an agent bug, a missed reset): 1.6 Gbit/s on a 100 Mbit/s port is not drawn.
        var (bps, gap) = CounterRate.Compute(At(100, 100), At(2_000_000_100, 110), is64Bit: false, speedBps: 100e6);

        Assert.Null(bps);
        Assert.Equal(RateGap.AboveLineRate, gap);
    }

    [Fact]
    public void A_discontinuity_voids_the_pair()
    {
        var (bps, gap) = CounterRate.Compute(At(100, 100, discontinuity: 0), At(200, 110, discontinuity: 10_500), is64Bit: true, Gigabit);

        Assert.Null(bps);
        Assert.Equal(RateGap.CounterDiscontinuity, gap);
    }

    [Fact]
    public void The_first_reading_has_no_rate() =>
        Assert.Equal((null, RateGap.FirstReading), CounterRate.Compute(null, At(100, 100), true, Gigabit));

    [Fact]
    public void An_unknown_speed_does_not_block_the_rate() =>
        Assert.Equal(8e9, CounterRate.Compute(At(0, 100), At(1_000_000_000, 101), true, speedBps: 0).BitsPerSecond);
}
