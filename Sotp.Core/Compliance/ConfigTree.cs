namespace Sotp.Core.Compliance;

/// <summary>A configuration line in its place: number, indentation, the text as printed and made regular, its parent.</summary>
public sealed record ConfigLine(int Number, int Indent, string Text, string Normal, int? Parent)
{
    public List<int> Children { get; } = [];
}

/// <summary>
/// A configuration as a tree: a line indented more than the line above it is that line's child (IOS, NX-OS, EOS, FRR
/// and VRP print sections this way; Junos "display set" is flat). Blank lines and comments (<c>!</c>, <c>#</c>) are
/// not part of it.
/// </summary>
public sealed class ConfigTree
{
    private ConfigTree(List<ConfigLine> lines) => Lines = lines;

    public IReadOnlyList<ConfigLine> Lines { get; }

    public IEnumerable<ConfigLine> TopLevel => Lines.Where(l => l.Parent is null);

    public IEnumerable<ConfigLine> ChildrenOf(ConfigLine line) => line.Children.Select(i => Lines[i]);

    public static ConfigTree Parse(string text, ConfigNormalizer normalizer)
    {
        var lines = new List<ConfigLine>();
        var open = new Stack<int>(); // the lines that can still take children, innermost on top
        var number = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            number++;
            var body = raw.TrimEnd();
            var content = body.TrimStart();
            if (content.Length == 0 || content[0] is '!' or '#')
            {
                continue;
            }

            var indent = body.Length - content.Length;
            while (open.Count > 0 && lines[open.Peek()].Indent >= indent)
            {
                open.Pop();
            }

            int? parent = open.Count > 0 ? open.Peek() : null;
            var line = new ConfigLine(number, indent, content, normalizer.Line(content), parent);
            lines.Add(line);
            if (parent is { } p)
            {
                lines[p].Children.Add(lines.Count - 1);
            }

            open.Push(lines.Count - 1);
        }

        return new ConfigTree(lines);
    }
}
