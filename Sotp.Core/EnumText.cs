using System.Text.RegularExpressions;

namespace Sotp.Core;

/// <summary>Reads enum values as people and scripts write them: by name, any case, never by number.</summary>
public static class EnumText
{
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        text = text?.Trim();
        value = default;
        // Enum.TryParse would accept "2" or "-1" and undefined values; a name is what we mean.
        return !string.IsNullOrEmpty(text) && !char.IsDigit(text[0]) && text[0] != '-' && text[0] != '+' &&
               Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    /// <summary>A value as the API writes it: <c>InterfaceAdminDown</c> is <c>interface-admin-down</c>.</summary>
    public static string Kebab<TEnum>(TEnum value)
        where TEnum : struct, Enum => Regex.Replace(value.ToString(), "(?<=[a-z])(?=[A-Z])", "-").ToLowerInvariant();

    /// <summary>Reads a value written as <see cref="Kebab{TEnum}"/> (or by its name).</summary>
    public static bool TryParseKebab<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum => TryParse(text?.Replace("-", "", StringComparison.Ordinal), out value);
}
