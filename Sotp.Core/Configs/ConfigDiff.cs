using DiffPlex;
using DiffPlex.Chunkers;

namespace Sotp.Core.Configs;

/// <summary>What a row of a diff shows.</summary>
public enum DiffRowKind
{
    /// <summary>The same line on both sides.</summary>
    Same,

    /// <summary>Only in the older version.</summary>
    Removed,

    /// <summary>Only in the newer version.</summary>
    Added,

    /// <summary>Side by side: a line of the older version beside the line that took its place.</summary>
    Changed,

    /// <summary>Unchanged lines folded away (<see cref="DiffRow.Folded"/> of them).</summary>
    Folded,
}

/// <summary>One row of a diff as shown: line numbers and text of each side (null where a side has none).</summary>
public sealed record DiffRow(DiffRowKind Kind, int? OldNumber, string? OldText, int? NewNumber, string? NewText, int Folded = 0);

/// <summary>
/// Two versions of a configuration compared line by line (DiffPlex), and laid out the two ways people read diffs:
/// inline (removed lines before the added ones, as <c>git diff</c>) and side by side (a removed line beside the line
/// that replaced it). Unchanged runs are folded to <c>context</c> lines around each change, or shown whole.
/// </summary>
public sealed class ConfigDiff
{
    private readonly IReadOnlyList<string> _old;
    private readonly IReadOnlyList<string> _new;
    private readonly List<(int OldStart, int OldCount, int NewStart, int NewCount)> _blocks;

    private ConfigDiff(IReadOnlyList<string> old, IReadOnlyList<string> @new, List<(int, int, int, int)> blocks) => (_old, _new, _blocks) = (old, @new, blocks);

    /// <summary>Lines only in the newer version.</summary>
    public int Added => _blocks.Sum(b => b.NewCount);

    /// <summary>Lines only in the older version.</summary>
    public int Removed => _blocks.Sum(b => b.OldCount);

    public int OldLines => _old.Count;

    public int NewLines => _new.Count;

    public static ConfigDiff Compare(string older, string newer)
    {
        var result = Differ.Instance.CreateDiffs(Normal(older), Normal(newer), ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);
        return new ConfigDiff(result.PiecesOld, result.PiecesNew,
            [.. result.DiffBlocks.Select(b => (b.DeleteStartA, b.DeleteCountA, b.InsertStartB, b.InsertCountB))]);
    }

    /// <summary>Removed lines, then the added ones, per change; <paramref name="context"/> unchanged lines around each (-1: all).</summary>
    public IReadOnlyList<DiffRow> Inline(int context = 3) => Layout(context, (rows, b) =>
    {
        for (var i = 0; i < b.OldCount; i++)
        {
            rows.Add(new DiffRow(DiffRowKind.Removed, b.OldStart + i + 1, _old[b.OldStart + i], null, null));
        }

        for (var i = 0; i < b.NewCount; i++)
        {
            rows.Add(new DiffRow(DiffRowKind.Added, null, null, b.NewStart + i + 1, _new[b.NewStart + i]));
        }
    });

    /// <summary>Each removed line beside the added line in its place; <paramref name="context"/> as for <see cref="Inline"/>.</summary>
    public IReadOnlyList<DiffRow> SideBySide(int context = 3) => Layout(context, (rows, b) =>
    {
        for (var i = 0; i < Math.Max(b.OldCount, b.NewCount); i++)
        {
            var (hasOld, hasNew) = (i < b.OldCount, i < b.NewCount);
            rows.Add(new DiffRow(
                hasOld && hasNew ? DiffRowKind.Changed : hasOld ? DiffRowKind.Removed : DiffRowKind.Added,
                hasOld ? b.OldStart + i + 1 : null, hasOld ? _old[b.OldStart + i] : null,
                hasNew ? b.NewStart + i + 1 : null, hasNew ? _new[b.NewStart + i] : null));
        }
    });

    private List<DiffRow> Layout(int context, Action<List<DiffRow>, (int OldStart, int OldCount, int NewStart, int NewCount)> change)
    {
        var rows = new List<DiffRow>();
        var (oldAt, newAt) = (0, 0);
        for (var i = 0; i < _blocks.Count; i++)
        {
            var block = _blocks[i];
            Unchanged(rows, oldAt, newAt, block.OldStart - oldAt, context, first: i == 0, last: false);
            change(rows, block);
            (oldAt, newAt) = (block.OldStart + block.OldCount, block.NewStart + block.NewCount);
        }

        Unchanged(rows, oldAt, newAt, _old.Count - oldAt, context, first: _blocks.Count == 0, last: true);
        return rows;
    }

    // A run of unchanged lines: whole, or the context after the change before it (none before the first change) and
    // before the change after it (none after the last), the rest folded.
    private void Unchanged(List<DiffRow> rows, int oldAt, int newAt, int count, int context, bool first, bool last)
    {
        var (head, tail) = context < 0 ? (count, 0) : (first ? 0 : context, last ? 0 : context);
        if (head + tail >= count - 1)
        {
            (head, tail) = (count, 0); // folding one line away hides more than it saves
        }

        for (var i = 0; i < head; i++)
        {
            rows.Add(new DiffRow(DiffRowKind.Same, oldAt + i + 1, _old[oldAt + i], newAt + i + 1, _new[newAt + i]));
        }

        if (count - head - tail > 0)
        {
            rows.Add(new DiffRow(DiffRowKind.Folded, oldAt + head + 1, null, newAt + head + 1, null, count - head - tail));
        }

        for (var i = count - tail; i < count; i++)
        {
            rows.Add(new DiffRow(DiffRowKind.Same, oldAt + i + 1, _old[oldAt + i], newAt + i + 1, _new[newAt + i]));
        }
    }

    // One line end, and no empty last line from the final newline.
    private static string Normal(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
}
