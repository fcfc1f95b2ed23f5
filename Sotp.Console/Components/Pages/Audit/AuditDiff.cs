using System.Text.Json;

namespace Sotp.Console.Components.Pages.Audit;

/// <summary>One field of an entry's before/after values.</summary>
public sealed record AuditDiffRow(string Field, string? Before, string? After)
{
    public bool Changed => Before != After;
}

/// <summary>Lines up the before and after JSON of an audit entry field by field (top-level properties).</summary>
public static class AuditDiff
{
    public static IReadOnlyList<AuditDiffRow> Of(string? before, string? after)
    {
        var left = Fields(before);
        var right = Fields(after);
        return [.. left.Keys.Union(right.Keys).Select(k => new AuditDiffRow(k, left.GetValueOrDefault(k), right.GetValueOrDefault(k)))];
    }

    private static Dictionary<string, string?> Fields(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new Dictionary<string, string?> { ["value"] = document.RootElement.GetRawText() };
            }

            return document.RootElement.EnumerateObject().ToDictionary(p => p.Name,
                p => p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => p.Value.GetRawText(),
                });
        }
        catch (JsonException)
        {
            return new Dictionary<string, string?> { ["value"] = json };
        }
    }
}
