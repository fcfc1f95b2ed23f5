using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Sotp.Core.Events;

namespace Sotp.Collectors.Syslog;

/// <summary>
/// Takes syslog lines apart as devices really send them: RFC 5424 (structured data, BOM, NILVALUE) and RFC 3164
/// with its vendor dialects (Cisco sequence numbers, <c>*</c> and <c>.</c> clock flags and milliseconds, NX-OS's
/// leading year, Huawei's trailing one, RFC 3339 stamps, tags with and without a process id, no host name, or a
/// first word of text standing where the host name would be). Input is hostile: nothing here throws, every line is
/// either a message or a reason it is not one.
/// </summary>
public static partial class SyslogParser
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>The message in <paramref name="raw"/>, or null with the reason (a short name, counted by the receiver).</summary>
    public static SyslogMessage? Parse(ReadOnlySpan<byte> raw, DateTimeOffset receivedAt, out string? problem)
    {
        var bytes = raw.ToArray();
        var line = raw.TrimEnd("\r\n\0"u8);
        if (line.IsEmpty)
        {
            problem = "Empty";
            return null;
        }

        if (!TryReadPriority(line, out var priority, out var headerLength))
        {
            problem = line[0] == (byte)'<' ? "BadPriority" : "NoPriority";
            return null;
        }

        var text = Encoding.UTF8.GetString(line[headerLength..]);
        var message = text.StartsWith("1 ", StringComparison.Ordinal)
            ? Rfc5424(text[2..], receivedAt, out problem)
            : Rfc3164(text, receivedAt, out problem);
        return message is null
            ? null
            : message with { Facility = priority / 8, Severity = (EventSeverity)(priority % 8), Raw = bytes };
    }

    // "<PRI>": one to three digits, no leading zero, at most 191 (facility 23, severity 7).
    private static bool TryReadPriority(ReadOnlySpan<byte> line, out int priority, out int length)
    {
        (priority, length) = (0, 0);
        if (line[0] != (byte)'<')
        {
            return false;
        }

        var end = line[..Math.Min(line.Length, 5)].IndexOf((byte)'>');
        var digits = end > 1 ? line[1..end] : [];
        if (digits.IsEmpty || (digits.Length > 1 && digits[0] == (byte)'0')
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out priority) || priority > 191)
        {
            return false;
        }

        length = end + 1;
        return true;
    }

    private static SyslogMessage? Rfc5424(string text, DateTimeOffset receivedAt, out string? problem)
    {
        // TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]
        var fields = text.Split(' ', 6);
        if (fields.Length < 6)
        {
            problem = "TruncatedHeader";
            return null;
        }

        DateTimeOffset? timestamp = null;
        if (fields[0] != "-")
        {
            if (!DateTimeOffset.TryParse(fields[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                problem = "BadTimestamp";
                return null;
            }

            timestamp = at.ToUniversalTime();
        }

        var rest = fields[5];
        var data = ReadStructuredData(rest, out var consumed);
        var body = consumed < rest.Length && rest[consumed] == ' ' ? rest[(consumed + 1)..] : rest[consumed..];
        problem = null;
        return new SyslogMessage
        {
            Format = SyslogFormat.Rfc5424, Facility = 0, Severity = 0, Raw = [],
            Timestamp = timestamp, HostName = Nil(fields[1]), AppName = Nil(fields[2]), ProcId = Nil(fields[3]), MsgId = Nil(fields[4]),
            StructuredData = data, Text = body.TrimStart('\uFEFF'),
        };
    }

    private static string? Nil(string field) => field == "-" ? null : field;

    // "-" or one or more [id name="value"...] with \" \\ \] escaped; what does not parse stays message text.
    private static List<SyslogElement> ReadStructuredData(string text, out int consumed)
    {
        var elements = new List<SyslogElement>();
        consumed = 0;
        if (text.StartsWith('-'))
        {
            consumed = 1;
            return elements;
        }

        var i = 0;
        while (i < text.Length && text[i] == '[')
        {
            var element = ReadElement(text, ref i);
            if (element is null)
            {
                break;
            }

            elements.Add(element);
            consumed = i;
        }

        return consumed == 0 ? [] : elements;
    }

    private static SyslogElement? ReadElement(string text, ref int position)
    {
        var i = position + 1;
        var id = ReadName(text, ref i);
        if (id.Length == 0)
        {
            return null;
        }

        var parameters = new List<KeyValuePair<string, string>>();
        while (i < text.Length && text[i] == ' ')
        {
            i++;
            var name = ReadName(text, ref i);
            if (name.Length == 0 || i + 1 >= text.Length || text[i] != '=' || text[i + 1] != '"')
            {
                return null;
            }

            i += 2;
            var value = new StringBuilder();
            while (i < text.Length && text[i] != '"')
            {
                if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or ']')
                {
                    i++;
                }

                value.Append(text[i++]);
            }

            if (i >= text.Length)
            {
                return null;
            }

            i++;
            parameters.Add(new(name, value.ToString()));
        }

        if (i >= text.Length || text[i] != ']')
        {
            return null;
        }

        position = i + 1;
        return new SyslogElement(id, parameters);
    }

    // SD-NAME: 1 to 32 printable US-ASCII characters except '=', space, ']' and '"'.
    private static string ReadName(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && i - start < 32 && text[i] is > ' ' and < (char)127 and not ('=' or ']' or '"'))
        {
            i++;
        }

        return text[start..i];
    }

    private static SyslogMessage Rfc3164(string text, DateTimeOffset receivedAt, out string? problem)
    {
        problem = null;
        long? sequence = null;
        string? host = null;
        // Cisco: "42: " (service sequence-numbers), NX-OS: ": ", then perhaps "host: " (logging origin-id).
        if (CiscoSequence().Match(text) is { Success: true } seq)
        {
            sequence = seq.Groups["seq"].Success && long.TryParse(seq.Groups["seq"].ValueSpan, CultureInfo.InvariantCulture, out var n) ? n : null;
            host = seq.Groups["host"].Success ? seq.Groups["host"].Value : null;
            text = text[seq.Length..];
        }

        var stamp = Timestamp().Match(text);
        DateTimeOffset? timestamp = null;
        var unsynced = false;
        if (stamp.Success)
        {
            timestamp = ReadTimestamp(stamp, receivedAt);
            unsynced = stamp.Groups["flag"].Success;
            text = text[stamp.Length..];
        }

        if (stamp.Success && host is null && LooksLikeHost(text, out var hostLength))
        {
            host = text[..hostLength];
            text = text[(hostLength + 1)..];
        }

        string? app = null, pid = null;
        if (text.StartsWith(": ", StringComparison.Ordinal))
        {
            text = text[2..]; // an empty tag, as rsyslog and logger write one
        }
        else if (Tag().Match(text) is { Success: true } tag)
        {
            app = tag.Groups["app"].Value;
            pid = tag.Groups["pid"].Success ? tag.Groups["pid"].Value : null;
            text = text[tag.Length..];
        }

        return new SyslogMessage
        {
            Format = stamp.Success ? SyslogFormat.Rfc3164 : SyslogFormat.Bare, Facility = 0, Severity = 0, Raw = [],
            Timestamp = timestamp, ClockUnsynced = unsynced, Sequence = sequence, HostName = host, AppName = app, ProcId = pid,
            Text = text,
        };
    }

    // The word after the time is the host name only if it is shaped like one and what follows it is a tag (or an empty
    // one), a Cisco "%FAC-SEV-MNEMONIC", or it is an address or a dotted name: otherwise it is the text's first word.
    private static bool LooksLikeHost(string text, out int length)
    {
        length = text.IndexOf(' ', StringComparison.Ordinal);
        if (length <= 0 || length > 255)
        {
            return false;
        }

        var word = text.AsSpan(0, length);
        if (!HostName().IsMatch(word))
        {
            return false;
        }

        var next = text.AsSpan(length + 1);
        return IPAddress.TryParse(word, out _) || word.Contains('.') || next.StartsWith('%') || next.StartsWith(": ") || Tag().IsMatch(next);
    }

    private static DateTimeOffset? ReadTimestamp(Match stamp, DateTimeOffset receivedAt)
    {
        if (stamp.Groups["iso"].Success)
        {
            return DateTimeOffset.TryParse(stamp.Groups["iso"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso)
                ? iso.ToUniversalTime()
                : null;
        }

        var month = Array.IndexOf(Months, stamp.Groups["mon"].Value) + 1;
        var day = int.Parse(stamp.Groups["day"].ValueSpan, CultureInfo.InvariantCulture);
        var fraction = stamp.Groups["frac"].Success ? double.Parse("0" + stamp.Groups["frac"].Value, CultureInfo.InvariantCulture) : 0;
        var year = stamp.Groups["y1"].Success ? stamp.Groups["y1"].Value : stamp.Groups["y2"].Success ? stamp.Groups["y2"].Value : null;
        // Without a year: this year's date, unless that lies ahead of now (a December line read in January).
        var candidate = year is null ? receivedAt.Year : int.Parse(year, CultureInfo.InvariantCulture);
        var offset = TimeSpan.Zero;
        if (candidate is < 1970 or > 9998 || day < 1 || day > DateTime.DaysInMonth(candidate, month)
            || !TimeSpan.TryParseExact(stamp.Groups["time"].Value, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var time)
            || (stamp.Groups["off"].Success && !TryParseOffset(stamp.Groups["off"].Value, out offset)))
        {
            return null;
        }

        var at = new DateTimeOffset(candidate, month, day, 0, 0, 0, offset) + time + TimeSpan.FromSeconds(fraction);
        return (year is null && at > receivedAt + TimeSpan.FromDays(2) ? at.AddYears(-1) : at).ToUniversalTime();
    }

    // "+08:00" or "-0500", at most 14 hours either way.
    private static bool TryParseOffset(string text, out TimeSpan offset)
    {
        var ok = TimeSpan.TryParseExact(text[1..].Replace(":", "", StringComparison.Ordinal), "hhmm", CultureInfo.InvariantCulture, out offset)
                 && offset <= TimeSpan.FromHours(14);
        offset = text[0] == '-' ? -offset : offset;
        return ok;
    }

    [GeneratedRegex(@"^(?:(?<seq>\d{1,19})?: )(?:(?<host>[A-Za-z0-9][A-Za-z0-9._-]{0,62}): (?=[*.]?(?:\d{4} |[A-Z][a-z]{2} )))?")]
    private static partial Regex CiscoSequence();

    // Mmm dd[ yyyy] hh:mm:ss[.fff][±hh:mm][ ZONE][:], or NX-OS's yyyy Mmm dd ..., or RFC 3339; Cisco's * or . before,
    // and before that IOS XR's node ("RP/0/RSP0/CPU0:").
    // Zones other than UTC and GMT are read as UTC (a device should log in UTC; the time received is kept besides).
    [GeneratedRegex(@"^(?:(?:RP|LC|SC|0)/[A-Za-z0-9/]{1,32}:)?(?<flag>[*.])?(?:(?<iso>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2}))|(?:(?<y1>\d{4}) )?(?<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(?<day>\d{1,2})(?: (?<y2>\d{4}))? (?<time>\d{2}:\d{2}:\d{2})(?<frac>\.\d{1,6})?(?<off>[+-]\d{2}:?\d{2})?(?: (?:UTC|GMT|Z|[A-Z]{3,4}(?=:)))?):? ")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^(?<app>[^\s\[\]:%][^\s\[\]:]{0,47})(?:\[(?<pid>[^\]\s]{0,32})\])?: ")]
    private static partial Regex Tag();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:-]*$")]
    private static partial Regex HostName();
}
