using Sotp.Core.Cluster;
using Sotp.Core.Live;

namespace Sotp.Core.Reports;

/// <summary>A generated report as lists show it: everything but the file.</summary>
public sealed record ReportView(long Id, string Month, string TimeZone, ReportScope Scope, ReportStatus Status, string? Error, string RequestedBy,
    DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, bool MonthToDate, double? AvailabilityPercent, double SloPercent, int Devices, int Outages,
    long PdfBytes)
{
    public bool Downloadable => Status == ReportStatus.Done && PdfBytes > 0;

    public static ReportView Of(GeneratedReport r) => new(r.Id, r.Month, r.TimeZone, r.Scope, r.Status, r.Error, r.RequestedBy, r.RequestedAt,
        r.CompletedAt, r.MonthToDate, r.AvailabilityPercent, r.SloPercent, r.Devices, r.Outages, r.PdfBytes);
}

/// <summary>
/// Reports being made and just made, as keyed live state in every process, so the page shows queued, running, done or
/// failed without a reload, whichever process makes it. The list itself comes from the database.
/// </summary>
public sealed class ReportBoard(TimeProvider time, ClusterOutbox? outbox = null)
{
    public LiveFeed<long, ReportView> Feed { get; } = new(time);

    public void Publish(ReportView report)
    {
        Feed.Publish(report.Id, report);
        outbox?.Post(new ReportChanged(report));
    }

    /// <summary>A change another process made.</summary>
    public void ApplyFromPeer(ReportChanged changed) => Feed.Publish(changed.Report.Id, changed.Report);
}
