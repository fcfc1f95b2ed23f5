using Sotp.Core.Audit;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sotp.Core.Csv;
using Sotp.Core.Persistence;

namespace Sotp.Core.Devices;

/// <summary>A CSV row that was not imported, with its problems per field.</summary>
public sealed record ImportProblem(int Line, string? Name, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>What an import did: good rows saved, bad rows reported.</summary>
public sealed record ImportReport(int Imported, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Devices to and from CSV. Import checks every row like the dialog does; good rows are saved together in one
/// transaction, bad rows are reported by line and never half-saved.
/// </summary>
public sealed class DeviceCsv(DeviceCatalog catalog, IDbContextFactory<SotpDbContext> contexts, AuditTrail audit, TimeProvider time)
{
    public const int MaxRows = 20_000;

    public static IReadOnlyList<string> Columns { get; } =
        ["name", "address", "kind", "platform", "site", "tags", "description", "monitored", "pingIntervalSeconds"];

    public async Task ExportAsync(TextWriter output, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var writer = await SpreadsheetCsv.CreateWriterAsync(output, Columns, cancellationToken);
        await foreach (var d in db.Devices.AsNoTracking().Where(d => d.ArchivedAt == null).OrderBy(d => d.Name)
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await writer.WriteRowAsync([d.Name, d.Address, DeviceRules.KindName(d.Kind), d.Platform, d.Site, string.Join(';', d.Tags),
                d.Description, d.Monitored ? "true" : "false", d.PingIntervalSeconds?.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        }

        await audit.WriteAsync(new AuditRecord(actor, "device.export", "device"), cancellationToken);
    }

    public async Task<ImportReport> ImportAsync(string text, AuditActor actor, CancellationToken cancellationToken)
    {
        var records = SpreadsheetCsv.Parse(text, out var parseError);
        if (parseError is not null)
        {
            return FileProblem(parseError);
        }

        if (records.Count == 0)
        {
            return FileProblem("The file is empty: the first line must name the columns, e.g. " + string.Join(',', Columns) + ".");
        }

        var header = records[0].Fields.Select(f => f.Trim()).ToArray();
        var unknown = header.Where(h => !Columns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (unknown.Length > 0 || !header.Contains("name", StringComparer.OrdinalIgnoreCase) ||
            !header.Contains("address", StringComparer.OrdinalIgnoreCase) || !header.Contains("kind", StringComparer.OrdinalIgnoreCase))
        {
            return FileProblem($"The first line must name the columns: name, address and kind are required; known columns are {string.Join(", ", Columns)}."
                + (unknown.Length > 0 ? $" Unknown: {string.Join(", ", unknown)}." : ""));
        }

        if (records.Count - 1 > MaxRows)
        {
            return FileProblem($"Import at most {MaxRows} devices at a time.");
        }

        var problems = new List<ImportProblem>();
        var accepted = new List<Device>();
        var namesInFile = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var (input, fieldErrors) = ToInput(header, record.Fields);
            var (device, errors) = fieldErrors.Count == 0
                ? await catalog.CheckAsync(input, existingId: null, cancellationToken)
                : (null, fieldErrors);
            if (device is not null && !namesInFile.Add(device.Name))
            {
                errors = new Dictionary<string, string[]> { ["name"] = [$"\"{device.Name}\" appears twice in the file."] };
                device = null;
            }

            if (device is null)
            {
                problems.Add(new ImportProblem(record.Line, input.Name, errors));
                continue;
            }

            device.CreatedAt = device.UpdatedAt = time.GetUtcNow();
            accepted.Add(device);
        }

        if (accepted.Count > 0)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.Devices.AddRange(accepted);
            try
            {
                await audit.SaveAsync(db, new AuditRecord(actor, "device.import", "device", null, $"{accepted.Count} devices",
                    After: new { devices = accepted.Select(DeviceAudit.Of), rejectedRows = problems.Count }), cancellationToken);
            }
            catch (DbUpdateException ex) when (DeviceCatalog.IsDuplicateName(ex))
            {
                // Someone added one of these names meanwhile: nothing of this import was saved.
                return FileProblem("Another change to the inventory collided with this import; nothing was imported. Import the file again.");
            }

            catalog.Published(accepted);
        }

        return new ImportReport(accepted.Count, problems);
    }

    private static (DeviceInput Input, Dictionary<string, string[]> Errors) ToInput(string[] header, IReadOnlyList<string> fields)
    {
        var errors = new Dictionary<string, string[]>();
        string? Field(string column)
        {
            var index = Array.FindIndex(header, h => h.Equals(column, StringComparison.OrdinalIgnoreCase));
            return index >= 0 && index < fields.Count ? fields[index].Trim() : null;
        }

        var monitored = true;
        if (Field("monitored") is { Length: > 0 } m && !bool.TryParse(m, out monitored))
        {
            errors["monitored"] = ["Write true or false."];
        }

        int? interval = null;
        if (Field("pingIntervalSeconds") is { Length: > 0 } p)
        {
            if (int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                interval = seconds;
            }
            else
            {
                errors["pingIntervalSeconds"] = ["Write a whole number of seconds."];
            }
        }

        var input = new DeviceInput
        {
            Name = Field("name"),
            Address = Field("address"),
            Kind = Field("kind"),
            Platform = Field("platform"),
            Site = Field("site"),
            Tags = (Field("tags") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Description = Field("description"),
            Monitored = monitored,
            PingIntervalSeconds = interval,
        };
        if (errors.Count > 0)
        {
            foreach (var (field, messages) in DeviceRules.Check(input).Errors)
            {
                errors.TryAdd(field, messages);
            }
        }

        return (input, errors);
    }

    private static ImportReport FileProblem(string message) =>
        new(0, [new ImportProblem(1, null, new Dictionary<string, string[]> { ["file"] = [message] })]);
}
