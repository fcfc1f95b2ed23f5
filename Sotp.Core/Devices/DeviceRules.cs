using System.Net;
using System.Text.RegularExpressions;

namespace Sotp.Core.Devices;

/// <summary>
/// The checks a device must pass before it is saved, with plain-words messages keyed by the JSON field name
/// (<c>name</c>, <c>address</c>, ...), so the API, the dialog and CSV import all say the same thing.
/// </summary>
public static partial class DeviceRules
{
    public const int NameMaxLength = 64;
    public const int AddressMaxLength = 253;
    public const int SiteMaxLength = 64;
    public const int DescriptionMaxLength = 500;
    public const int MaxTags = 16;
    public const int MinPingIntervalSeconds = 1;
    public const int MaxPingIntervalSeconds = 3600;

    /// <summary>The lowest availability target accepted, in percent (the same bound as <c>Sotp:Reports:SloPercent</c>).</summary>
    public const double MinSloPercent = 50;

    /// <summary>The longest time between scheduled configuration backups: 30 days.</summary>
    public const int MaxConfigBackupHours = 720;

    public static IReadOnlyList<string> KindNames { get; } = Enum.GetValues<DeviceKind>().Select(KindName).ToArray();

    public static string KindName(DeviceKind kind) => kind.ToString().ToLowerInvariant();

    public static bool TryParseKind(string? text, out DeviceKind kind) => EnumText.TryParse(text, out kind);

    /// <summary>Checks the fields on their own; returns the device to save, or the problems per field.</summary>
    public static (Device? Device, Dictionary<string, string[]> Errors) Check(DeviceInput input)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            Fail("name", "Enter a name.");
        }
        else if (name.Length > NameMaxLength)
        {
            Fail("name", $"Use at most {NameMaxLength} characters.");
        }
        else if (!NamePattern().IsMatch(name))
        {
            Fail("name", "Use letters, digits, spaces and . _ - / : only, starting with a letter or digit.");
        }

        var address = input.Address?.Trim() ?? "";
        var addressProblem = CheckAddressSyntax(address);
        if (addressProblem is not null)
        {
            Fail("address", addressProblem);
        }

        var kind = DeviceKind.Other;
        if (string.IsNullOrWhiteSpace(input.Kind))
        {
            Fail("kind", "Choose a kind.");
        }
        else if (!TryParseKind(input.Kind, out kind))
        {
            Fail("kind", $"Choose one of: {string.Join(", ", KindNames)}.");
        }

        var platform = string.IsNullOrWhiteSpace(input.Platform) ? DevicePlatforms.Generic : input.Platform.Trim().ToLowerInvariant();
        if (!PlatformPattern().IsMatch(platform))
        {
            Fail("platform", "Use a platform name such as cisco-ios, junos, frr, linux or generic.");
        }

        var site = string.IsNullOrWhiteSpace(input.Site) ? null : input.Site.Trim();
        if (site?.Length > SiteMaxLength)
        {
            Fail("site", $"Use at most {SiteMaxLength} characters.");
        }

        var tags = (input.Tags ?? []).Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct().ToList();
        if (tags.Count > MaxTags)
        {
            Fail("tags", $"Use at most {MaxTags} tags.");
        }
        else if (tags.FirstOrDefault(t => !TagPattern().IsMatch(t)) is { } badTag)
        {
            Fail("tags", $"The tag \"{badTag}\" is not valid: use up to 32 letters, digits and . _ - : / only.");
        }

        var description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        if (description?.Length > DescriptionMaxLength)
        {
            Fail("description", $"Use at most {DescriptionMaxLength} characters.");
        }

        if (input.PingIntervalSeconds is < MinPingIntervalSeconds or > MaxPingIntervalSeconds)
        {
            Fail("pingIntervalSeconds", $"Use {MinPingIntervalSeconds} to {MaxPingIntervalSeconds} seconds, or leave it empty for the default.");
        }

        if (input.SloPercent is { } slo && (double.IsNaN(slo) || slo is < MinSloPercent or > 100))
        {
            Fail("sloPercent", $"Use a target from {MinSloPercent} to 100 %, or leave it empty for the site's or the default.");
        }

        if (input.ConfigBackupHours is < 0 or > MaxConfigBackupHours)
        {
            Fail("configBackupHours", $"Use 1 to {MaxConfigBackupHours} hours, 0 for no scheduled backups, or leave it empty for the default.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new Device
        {
            Name = name,
            Address = address,
            Kind = kind,
            Platform = platform,
            Site = site,
            Tags = tags,
            Description = description,
            Monitored = input.Monitored,
            PingIntervalSeconds = input.PingIntervalSeconds,
            SloPercent = input.SloPercent,
            ConfigBackupHours = input.ConfigBackupHours,
        }, errors);
    }

    /// <summary>Null when <paramref name="address"/> is an IP literal or a well-formed DNS name.</summary>
    public static string? CheckAddressSyntax(string address)
    {
        if (address.Length == 0)
        {
            return "Enter an IPv4 or IPv6 address or a DNS name.";
        }

        if (address.Length > AddressMaxLength)
        {
            return $"Use at most {AddressMaxLength} characters.";
        }

        if (IPAddress.TryParse(address, out var ip))
        {
            // "10" parses as an IPv4 address; insist on the dotted form people mean.
            return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && address.Count(c => c == '.') != 3
                ? "Write an IPv4 address as four numbers separated by dots."
                : null;
        }

        return HostNamePattern().IsMatch(address) && !address.All(c => char.IsDigit(c) || c == '.')
            ? null
            : "This is neither an IP address nor a valid DNS name.";
    }

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} ._\-/:]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,31}$")]
    private static partial Regex PlatformPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._:/\-]{0,31}$")]
    private static partial Regex TagPattern();

    // RFC 1123 labels of 1-63 characters, optional trailing dot.
    [GeneratedRegex(@"^(?=.{1,253}\.?$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$")]
    private static partial Regex HostNamePattern();
}
