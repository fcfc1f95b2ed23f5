using System.Globalization;
using Sotp.Core.Csv;

namespace Sotp.Core.Audit;

/// <summary>Audit entries as CSV; every cell goes through <see cref="SpreadsheetCsv"/>, which defuses spreadsheet formulas.</summary>
public static class AuditCsv
{
    public static async Task WriteAsync(TextWriter output, IAsyncEnumerable<AuditEntry> entries, CancellationToken cancellationToken)
    {
        await using var writer = await SpreadsheetCsv.CreateWriterAsync(output, ["id", "sequence", "at", "actor", "roles", "source", "clientIp", "action", "targetType", "targetId", "targetName",
            "before", "after", "result", "traceId", "hash"], cancellationToken);
        await foreach (var e in entries.WithCancellation(cancellationToken))
        {
            await writer.WriteRowAsync([e.Id.ToString(CultureInfo.InvariantCulture), e.Sequence.ToString(CultureInfo.InvariantCulture),
                e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), e.Actor, e.Roles, e.Source, e.ClientIp, e.Action, e.TargetType,
                e.TargetId, e.TargetName, e.Before, e.After, e.Result, e.TraceId, e.Hash], cancellationToken);
        }
    }
}
