namespace Sotp.Core.Events;

/// <summary>How an event is named when nothing better is known.</summary>
public static class EventText
{
    private const int Longest = 120;

    /// <summary>The first line of the text, at most 120 characters, control characters shown as spaces.</summary>
    public static string Headline(string text)
    {
        var line = text.AsSpan().Trim();
        if (line.IndexOfAny('\r', '\n') is >= 0 and var end)
        {
            line = line[..end];
        }

        var chars = line[..Math.Min(line.Length, Longest)].ToArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = char.IsControl(chars[i]) ? ' ' : chars[i];
        }

        return new string(chars) + (line.Length > Longest ? "…" : "");
    }
}
