using Sotp.Core.Cluster;
using Sotp.Core.Live;

namespace Sotp.Core.Compliance;

/// <summary>A device's compliance as last checked: how many rules it passes and fails, on which version.</summary>
public sealed record DeviceCompliance(int DeviceId, int Passed, int Failed, int NotApplicable, string Commit, DateTimeOffset CheckedAt);

/// <summary>
/// Each device's latest compliance, in every process, so the compliance page and the device page follow a check
/// (after a backup, after a rule changed) without a reload, whichever process made it. Results come from the database.
/// </summary>
public sealed class ComplianceBoard(TimeProvider time, ClusterOutbox? outbox = null)
{
    public LiveFeed<int, DeviceCompliance> Feed { get; } = new(time);

    public void Publish(DeviceCompliance compliance)
    {
        Feed.Publish(compliance.DeviceId, compliance);
        outbox?.Post(new ComplianceChanged(compliance));
    }

    /// <summary>A check another process made.</summary>
    public void ApplyFromPeer(ComplianceChanged changed) => Feed.Publish(changed.Compliance.DeviceId, changed.Compliance);
}
