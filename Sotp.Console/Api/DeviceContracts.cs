using Sotp.Core;
using Sotp.Core.Devices;
using Sotp.Core.Status;

namespace Sotp.Console.Api;

/// <summary>A device as the API shows it.</summary>
public sealed record DeviceResponse(
    int Id, string Name, string Address, string Kind, string Platform, string? Site,
    IReadOnlyList<string> Tags, string? Description, bool Monitored, int? PingIntervalSeconds, double? SloPercent,
    int? ConfigBackupHours)
{
    public static DeviceResponse From(Device d) => new(d.Id, d.Name, d.Address, DeviceRules.KindName(d.Kind), d.Platform,
        d.Site, d.Tags, d.Description, d.Monitored, d.PingIntervalSeconds, d.SloPercent, d.ConfigBackupHours);
}

/// <summary>A page of devices.</summary>
public sealed record DeviceListResponse(IReadOnlyList<DeviceResponse> Items, int TotalCount, int Page, int PageSize);

/// <summary>A device's live reachability: state Up, Down or Unknown.</summary>
public sealed record DeviceStatusResponse(int DeviceId, string State, double? RttMs, double LossPercent, DateTimeOffset? Since)
{
    public static DeviceStatusResponse From(DeviceStatus s) =>
        new(s.DeviceId, s.State.ToString(), s.RttMs is { } rtt ? Math.Round(rtt, 3) : null, Math.Round(s.LossPercent, 1), s.Since);
}

/// <summary>Query string of <c>GET /api/v1/devices</c>.</summary>
public sealed class DeviceListParameters
{
    /// <summary>1-based page number.</summary>
    public int? Page { get; set; }

    public int? PageSize { get; set; }

    public string? Search { get; set; }

    /// <summary>Up, Down or Unknown.</summary>
    public string? Status { get; set; }

    public string? Kind { get; set; }

    public string? Site { get; set; }

    public string? Tag { get; set; }

    /// <summary>name, address, kind, platform or site; a leading '-' sorts descending.</summary>
    public string? Sort { get; set; }

    /// <summary>The query it describes, or the problems per parameter.</summary>
    public (DeviceQuery? Query, Dictionary<string, string[]> Errors) ToQuery()
    {
        var errors = new Dictionary<string, string[]>();
        DeviceState? state = null;
        if (!string.IsNullOrWhiteSpace(Status))
        {
            if (EnumText.TryParse<DeviceState>(Status, out var s))
            {
                state = s;
            }
            else
            {
                errors["status"] = ["Use Up, Down or Unknown."];
            }
        }

        DeviceKind? kind = null;
        if (!string.IsNullOrWhiteSpace(Kind))
        {
            if (DeviceRules.TryParseKind(Kind, out var k))
            {
                kind = k;
            }
            else
            {
                errors["kind"] = [$"Use one of: {string.Join(", ", DeviceRules.KindNames)}."];
            }
        }

        var sortText = Sort?.Trim() ?? "name";
        var descending = sortText.StartsWith('-');
        if (!EnumText.TryParse<DeviceSort>(sortText.TrimStart('-'), out var sort))
        {
            errors["sort"] = ["Use name, address, kind, platform or site, with a leading '-' for descending."];
        }

        if (Page is < 1)
        {
            errors["page"] = ["Pages start at 1."];
        }

        if (PageSize is < 1 or > DeviceQuery.MaxPageSize)
        {
            errors["pageSize"] = [$"Use 1 to {DeviceQuery.MaxPageSize}."];
        }

        return errors.Count > 0 ? (null, errors) : (new DeviceQuery
        {
            Search = Search,
            State = state,
            Kind = kind,
            Site = Site,
            Tag = Tag,
            Sort = sort,
            Descending = descending,
            Page = (Page ?? 1) - 1,
            PageSize = PageSize ?? 50,
        }, errors);
    }
}

/// <summary>Poll now was asked for: the new readings follow on the status and vitals; the trace holds the whole poll.</summary>
public sealed record PollResponse(int DeviceId, string? TraceId);
