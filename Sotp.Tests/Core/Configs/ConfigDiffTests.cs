using Sotp.Core.Configs;

namespace Sotp.Tests.Core.Configs;

/// <summary>
/// Two versions laid out as people read diffs: inline (removed, then added, as git prints them) and side by side (a
/// line beside its replacement), with unchanged runs folded to three lines of context, or the whole file; line
/// numbers are each side's own. Checked against GNU diff's counts on the same texts.
/// </summary>
public sealed class ConfigDiffTests
{
    private static string Config(int lines, Func<int, string?>? change = null) =>
        string.Join('\n', Enumerable.Range(1, lines).Select(i => change?.Invoke(i) ?? $"line {i}").Where(l => l.Length > 0)) + "\n";

    [Fact]
    public void One_changed_line_in_the_middle_shows_with_three_lines_of_context_and_the_rest_folded()
    {
        var diff = ConfigDiff.Compare(Config(100), Config(100, i => i == 50 ? "line 50 changed" : null));

        Assert.Equal((1, 1), (diff.Added, diff.Removed));
        var inline = diff.Inline();
        Assert.Equal(
        [
            (DiffRowKind.Folded, 46), (DiffRowKind.Same, 0), (DiffRowKind.Same, 0), (DiffRowKind.Same, 0), (DiffRowKind.Removed, 0), (DiffRowKind.Added, 0),
            (DiffRowKind.Same, 0), (DiffRowKind.Same, 0), (DiffRowKind.Same, 0), (DiffRowKind.Folded, 47),
        ], inline.Select(r => (r.Kind, r.Folded)));
        Assert.Equal((50, "line 50", (int?)null), (inline[4].OldNumber!.Value, inline[4].OldText, inline[4].NewNumber));
        Assert.Equal((50, "line 50 changed"), (inline[5].NewNumber!.Value, inline[5].NewText));

        var side = diff.SideBySide();
        var changed = Assert.Single(side, r => r.Kind == DiffRowKind.Changed);
        Assert.Equal(("line 50", "line 50 changed"), (changed.OldText, changed.NewText));
        Assert.Equal(100, diff.SideBySide(context: -1).Count);
    }

    [Fact]
    public void Added_and_removed_lines_keep_each_sides_numbers()
    {
        var older = Config(10, i => i == 3 ? "" : null); // no line 3
        var newer = Config(10, i => i is 7 or 8 ? "" : null); // line 3 back, 7 and 8 gone
        var diff = ConfigDiff.Compare(older, newer);

        Assert.Equal((1, 2), (diff.Added, diff.Removed));
        var rows = diff.Inline(context: -1);
        var added = Assert.Single(rows, r => r.Kind == DiffRowKind.Added);
        Assert.Equal((3, "line 3"), (added.NewNumber!.Value, added.NewText));
        Assert.Equal(["line 7", "line 8"], rows.Where(r => r.Kind == DiffRowKind.Removed).Select(r => r.OldText));
        Assert.Equal([6, 7], rows.Where(r => r.Kind == DiffRowKind.Removed).Select(r => r.OldNumber!.Value)); // the older file had no line 3
        Assert.All(rows.Where(r => r.Kind == DiffRowKind.Same), r => Assert.Equal(r.OldText, r.NewText));
    }

    [Fact]
    public void The_same_text_is_one_fold_and_a_first_version_is_all_added()
    {
        Assert.Equal([(DiffRowKind.Folded, 20)], ConfigDiff.Compare(Config(20), Config(20).Replace("\n", "\r\n", StringComparison.Ordinal)).Inline()
            .Select(r => (r.Kind, r.Folded)));
        var first = ConfigDiff.Compare("", Config(5));
        Assert.Equal((5, 0), (first.Added, first.Removed));
        Assert.All(first.SideBySide(), r => Assert.Equal(DiffRowKind.Added, r.Kind));
    }

    [Fact]
    public async Task Counts_agree_with_gnu_diff_on_a_10000_line_configuration()
    {
        var older = Config(10_000);
        var newer = Config(10_000, i => i % 97 == 0 ? $"line {i} changed" : i % 331 == 0 ? "" : null);
        using var folder = new Support.TempDirectory("sotp-diff");
        await File.WriteAllTextAsync(folder.File("a"), older, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(folder.File("b"), newer, TestContext.Current.CancellationToken);
        var gnu = await Support.LabProcess.RunAsync("/bin/sh", ["-c", "diff -U0 \"$0\" \"$1\"; test $? -eq 1", folder.File("a"), folder.File("b")]);
        var lines = gnu.Split('\n');

        var diff = ConfigDiff.Compare(older, newer);
        Assert.Equal(lines.Count(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal)), diff.Added);
        Assert.Equal(lines.Count(l => l.StartsWith('-') && !l.StartsWith("---", StringComparison.Ordinal)), diff.Removed);
    }
}
