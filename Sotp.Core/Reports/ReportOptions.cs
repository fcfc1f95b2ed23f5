using System.ComponentModel.DataAnnotations;

namespace Sotp.Core.Reports;

/// <summary><c>Sotp:Reports</c>: targets, the organisation on the cover, the monthly report and who receives it.</summary>
public sealed class ReportOptions
{
    public const string SectionName = "Sotp:Reports";

    /// <summary>The availability target of devices and sites without their own, in percent.</summary>
    [Range(50.0, 100.0)]
    public double SloPercent { get; set; } = 99.9;

    /// <summary>Targets per site, by site name: <c>{"Paris": 99.95}</c>.</summary>
    public Dictionary<string, double> SiteSloPercent { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The time zone months are read in when a report names none (IANA id); the server's own when empty.</summary>
    public string? TimeZone { get; set; }

    /// <summary>The organisation named on the cover and in every page's footer.</summary>
    [MaxLength(120)]
    public string OrganisationName { get; set; } = "SOTP";

    /// <summary>A PNG or JPEG file shown on the cover (a mounted file; none when empty).</summary>
    public string? LogoFile { get; set; }

    /// <summary>Whether the first of each month brings last month's report for the whole network.</summary>
    public bool MonthlyEnabled { get; set; } = true;

    /// <summary>Who receives the monthly report by e-mail (through <c>Sotp:Smtp</c>); nobody when empty.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>How many months generated reports are kept.</summary>
    [Range(1, 240)]
    public int RetentionMonths { get; set; } = 24;

    /// <summary>Outages at least this long are listed in the PDF, in minutes.</summary>
    [Range(0, 1440)]
    public int ListOutagesFromMinutes { get; set; } = 5;

    /// <summary>The zone to use: the configured one, else the server's.</summary>
    public TimeZoneInfo DefaultZone() => ZoneTime.Find(TimeZone) ?? TimeZoneInfo.Local;

    /// <summary>A site's target: its own, else the default.</summary>
    public double SloOf(string? site) => site is not null && SiteSloPercent.TryGetValue(site, out var slo) ? slo : SloPercent;
}
