namespace Sotp.Core.Compliance;

/// <summary>One verdict with the names people read.</summary>
public sealed record ComplianceRow(int DeviceId, string Device, string? Site, string Platform, int RuleId, string Rule, ComplianceState State,
    string Expected, string Actual, string? Remediation, string Commit, DateTimeOffset CheckedAt);

/// <summary>A device's verdicts counted.</summary>
public sealed record DeviceTally(int DeviceId, string Device, string? Site, string Platform, int Passed, int Failed, int NotApplicable, DateTimeOffset CheckedAt)
{
    public bool Compliant => Failed == 0;
}

/// <summary>A rule's verdicts counted.</summary>
public sealed record RuleTally(int RuleId, string Rule, int Passed, int Failed, int NotApplicable);

/// <summary>
/// The compliance of the devices a filter keeps, as the page, the API, the CSV and the PDF show it: every verdict, and
/// the devices and rules counted, the worst first (most failures, then by name).
/// </summary>
public sealed record ComplianceOverview(IReadOnlyList<ComplianceRow> Rows, IReadOnlyList<DeviceTally> Devices, IReadOnlyList<RuleTally> Rules)
{
    public int CompliantDevices => Devices.Count(d => d.Compliant);

    public static ComplianceOverview Of(IReadOnlyList<ComplianceRow> rows) => new(
        rows,
        [.. rows.GroupBy(r => r.DeviceId).Select(g => new DeviceTally(g.Key, g.First().Device, g.First().Site, g.First().Platform,
                g.Count(r => r.State == ComplianceState.Pass), g.Count(r => r.State == ComplianceState.Fail),
                g.Count(r => r.State == ComplianceState.NotApplicable), g.Max(r => r.CheckedAt)))
            .OrderByDescending(d => d.Failed).ThenBy(d => d.Device, StringComparer.OrdinalIgnoreCase)],
        [.. rows.GroupBy(r => r.RuleId).Select(g => new RuleTally(g.Key, g.First().Rule, g.Count(r => r.State == ComplianceState.Pass),
                g.Count(r => r.State == ComplianceState.Fail), g.Count(r => r.State == ComplianceState.NotApplicable)))
            .OrderByDescending(r => r.Failed).ThenBy(r => r.Rule, StringComparer.OrdinalIgnoreCase)]);
}

/// <summary>What the compliance views are filtered by; empty: everything.</summary>
public sealed record ComplianceFilter(int? DeviceId = null, int? RuleId = null, ComplianceState? State = null, string? Site = null, string? Platform = null);
