namespace Sotp.Console.Components;

/// <summary>Validation problems per field, as the stores return them, read by forms for MudBlazor's Error and ErrorText.</summary>
public static class FieldErrors
{
    public static bool Has(this IReadOnlyDictionary<string, string[]> errors, string field) => errors.ContainsKey(field);

    public static string? Of(this IReadOnlyDictionary<string, string[]> errors, string field) =>
        errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
