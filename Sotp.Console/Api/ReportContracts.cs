using Sotp.Core.Devices;
using Sotp.Core.Reports;

namespace Sotp.Console.Api;

/// <summary>A month's figures as the API gives them: times in minutes, availability null when nothing was measured.</summary>
public sealed record FiguresResponse(double? AvailabilityPercent, double TargetPercent, bool MeetsTarget, double UpMinutes, double DowntimeMinutes,
    double MaintenanceMinutes, double UnmonitoredMinutes, int Outages, double LongestOutageMinutes, double? MttrMinutes, double? MtbfMinutes,
    double ErrorBudgetMinutes, double ErrorBudgetLeftMinutes)
{
    public static FiguresResponse From(AvailabilityFigures f) => new(f.AvailabilityPercent, f.SloPercent, f.MeetsSlo, f.Up.TotalMinutes,
        f.Down.TotalMinutes, f.Maintenance.TotalMinutes, f.Unmonitored.TotalMinutes, f.Outages, f.LongestOutage.TotalMinutes, f.Mttr?.TotalMinutes,
        f.Mtbf?.TotalMinutes, f.ErrorBudgetMinutes, f.ErrorBudgetLeftMinutes);
}

public sealed record GroupResponse(string Name, int Devices, FiguresResponse Figures);

public sealed record OutageResponse(DateTimeOffset Start, DateTimeOffset End, bool BeganBeforeMonth, bool ContinuesAfter, double DowntimeMinutes,
    double MaintenanceMinutes, double UnmonitoredMinutes, string? Cause)
{
    public static OutageResponse From(Outage o) => new(o.Start, o.End, o.FromBefore, o.Continues, o.Counted.TotalMinutes, o.InMaintenance.TotalMinutes,
        o.Unmonitored.TotalMinutes, o.Cause);
}

public sealed record DeviceAvailabilityResponse(int Id, string Name, string Kind, string? Site, IReadOnlyList<string> Tags, bool Archived,
    FiguresResponse Figures, IReadOnlyList<OutageResponse> Outages);

public sealed record DayResponse(DateOnly Day, double? AvailabilityPercent, double UpMinutes, double DowntimeMinutes);

public sealed record AvailabilityResponse(string Month, string TimeZone, DateTimeOffset Start, DateTimeOffset End, bool MonthToDate, string Scope,
    FiguresResponse Network, IReadOnlyList<GroupResponse> Sites, IReadOnlyList<GroupResponse> Kinds, IReadOnlyList<GroupResponse> Tags,
    IReadOnlyList<DeviceAvailabilityResponse> Devices, IReadOnlyList<DayResponse> Days)
{
    public static AvailabilityResponse From(AvailabilityReport r) => new(r.Period.Key, r.Period.Zone.Id, r.Period.Start, r.Period.End,
        r.Period.MonthToDate, r.Scope.Describe(), FiguresResponse.From(r.Network), Groups(r.Sites), Groups(r.Kinds), Groups(r.Tags),
        [.. r.Devices.Select(d => new DeviceAvailabilityResponse(d.Id, d.Name, DeviceRules.KindName(d.Kind), d.Site, d.Tags, d.ArchivedAt is not null,
            FiguresResponse.From(d.Figures), [.. d.Outages.Select(OutageResponse.From)]))],
        [.. r.Days.Select(d => new DayResponse(d.Day, d.Percent, d.Up.TotalMinutes, d.Down.TotalMinutes))]);

    private static GroupResponse[] Groups(IEnumerable<GroupAvailability> groups) =>
        [.. groups.Select(g => new GroupResponse(g.Name, g.Devices, FiguresResponse.From(g.Figures)))];
}

/// <summary>A generated report: its request, its state (queued, running, done, failed with the reason) and its headline.</summary>
public sealed record ReportResponse(long Id, string Month, string TimeZone, string Scope, string Status, string? Error, string RequestedBy,
    DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, bool MonthToDate, double? AvailabilityPercent, double TargetPercent, int Devices,
    int Outages, long PdfBytes, string? Pdf)
{
    public static ReportResponse From(ReportView r) => new(r.Id, r.Month, r.TimeZone, r.Scope.Describe(), r.Status.ToString().ToLowerInvariant(), r.Error,
        r.RequestedBy, r.RequestedAt, r.CompletedAt, r.MonthToDate, r.AvailabilityPercent, r.SloPercent, r.Devices, r.Outages, r.PdfBytes,
        r.Downloadable ? $"/api/v1/reports/{r.Id}/pdf" : null);
}

/// <summary>The month, zone and scope of a live view or CSV, from the query string: <c>?month=2026-10&amp;timeZone=Europe/Paris&amp;site=Lyon</c>.</summary>
public sealed record AvailabilityParameters(string? Month, string? TimeZone, string[]? Site, string[]? Kind, string[]? Tag, int[]? DeviceId)
{
    public ReportRequest ToRequest() => new()
    {
        Month = Month, TimeZone = TimeZone,
        Scope = new ReportScope { Sites = Site ?? [], Kinds = Kind ?? [], Tags = Tag ?? [], DeviceIds = DeviceId ?? [] },
    };
}
