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
}
