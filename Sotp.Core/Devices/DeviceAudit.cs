namespace Sotp.Core.Devices;

/// <summary>A device's editable fields as the audit trail records them before and after a change.</summary>
public sealed record DeviceAudit(string Name, string Address, string Kind, string? Platform, string? Site, IReadOnlyList<string> Tags,
    string? Description, bool Monitored, int? PingIntervalSeconds, double? SloPercent,
    int? ConfigBackupHours)
{
    public static DeviceAudit Of(Device d) =>
        new(d.Name, d.Address, DeviceRules.KindName(d.Kind), d.Platform, d.Site, [.. d.Tags], d.Description, d.Monitored, d.PingIntervalSeconds, d.SloPercent,
        d.ConfigBackupHours);
}
