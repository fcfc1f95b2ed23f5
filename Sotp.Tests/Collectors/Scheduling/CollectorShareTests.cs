using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sotp.Collectors.Scheduling;
using Sotp.Core.Cluster;
using Sotp.Core.Persistence;

namespace Sotp.Tests.Collectors.Scheduling;

/// <summary>How reads of the members turn into versions the schedulers reload on (no database: the reads are given).</summary>
public sealed class CollectorShareTests : IDisposable
{
    private readonly CollectorShare _share = new(null!, new ClusterOutbox(Options.Create(new DatabaseOptions())), null!, TimeProvider.System,
        NullLogger<CollectorShare>.Instance);

    public void Dispose() => _share.Dispose();

    [Fact]
    public void A_new_view_settles_after_two_more_reads_and_each_step_is_a_new_version()
    {
        var versions = new List<long> { _share.Version };
        foreach (var _ in Enumerable.Range(0, 3))
        {
            _share.See(["a", "b"]);
            versions.Add(_share.Version);
        }

        Assert.Equal(["a", "b"], _share.Members);
        Assert.Equal([0L, 1L, 1L, 2L], versions);
    }

    [Fact]
    public void Reads_that_find_the_same_members_change_nothing_so_nothing_reloads()
    {
        foreach (var _ in Enumerable.Range(0, 3))
        {
            _share.See(["a", "b"]);
        }

        var settled = _share.Version;
        foreach (var _ in Enumerable.Range(0, 20))
        {
            _share.See(["a", "b"]);
        }

        Assert.Equal(settled, _share.Version);
    }

    [Fact]
    public void A_view_that_comes_and_goes_before_settling_is_a_change_both_ways()
    {
        foreach (var _ in Enumerable.Range(0, 3))
        {
            _share.See(["a", "b"]);
        }

        var settled = _share.Version;
        _share.See(["a", "b", "c"]);
        _share.See(["a", "b"]);

        Assert.Equal(settled + 2, _share.Version);
        Assert.Equal(["a", "b"], _share.Members);
    }

    [Fact]
    public void After_an_outage_a_member_whose_check_in_is_stale_keeps_its_devices_until_it_could_have_checked_in()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        using var share = new CollectorShare(null!, new ClusterOutbox(Options.Create(new DatabaseOptions())), null!, time,
            NullLogger<CollectorShare>.Instance);
        foreach (var _ in Enumerable.Range(0, 3))
        {
            share.See(["a", "b"]);
        }

        var settled = share.Version;
        share.ReadFailed(); // the database went away; when it is back, b has not checked in yet
        foreach (var _ in Enumerable.Range(0, 4))
        {
            time.Advance(CollectorShare.RefreshEvery);
            share.See(["a"]);
        }

        Assert.Equal(["a", "b"], share.Members);
        Assert.Equal(settled, share.Version);

        // b really left: once it could have checked in, its devices move as usual.
        time.Advance(CollectorShare.CheckInGrace);
        foreach (var _ in Enumerable.Range(0, 3))
        {
            share.See(["a"]);
        }

        Assert.Equal(["a"], share.Members);
    }
}
