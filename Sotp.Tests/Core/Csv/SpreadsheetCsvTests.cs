using Sotp.Core.Csv;

namespace Sotp.Tests.Core.Csv;

public class SpreadsheetCsvTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Records_keep_the_line_they_start_on_across_quoted_line_breaks_and_blank_lines()
    {
        var records = SpreadsheetCsv.Parse("name,description\r\nr1,\"two\r\nlines\"\r\n\r\nr2,\"say \"\"hi\"\"\"\n", out var error);

        Assert.Null(error);
        Assert.Equal([1, 2, 5], records.Select(r => r.Line));
        Assert.Equal(["r1", "two\r\nlines"], records[1].Fields);
        Assert.Equal(["r2", "say \"hi\""], records[2].Fields);
    }

    [Fact]
    public void An_unterminated_quote_is_reported_at_its_line_rather_than_guessed_at()
    {
        SpreadsheetCsv.Parse("name,address\nok,127.0.0.1\nbad,\"127.0.0.2\nmore,127.0.0.3\n", out var error);

        Assert.Equal("Line 3: a quoted field is never closed.", error);
    }

    [Fact]
    public void A_record_past_the_limit_is_refused_in_words()
    {
        SpreadsheetCsv.Parse("name\n" + new string('x', SpreadsheetCsv.MaxRecordChars * 3) + "\n", out var error);

        Assert.StartsWith("Line 2: a record is longer than", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    public void Cells_a_spreadsheet_would_run_are_defused(string cell, string written) => Assert.Equal(written, SpreadsheetCsv.Defuse(cell));

    [Fact]
    public async Task What_is_written_reads_back_the_same_with_formulas_defused()
    {
        var output = new StringWriter();
        await using (var writer = await SpreadsheetCsv.CreateWriterAsync(output, ["a", "b", "c"], Ct))
        {
            await writer.WriteRowAsync(["x,y", "say \"hi\"", "two\nlines"], Ct);
            await writer.WriteRowAsync(["=1+1", null, "plain"], Ct);
        }

        var records = SpreadsheetCsv.Parse(output.ToString(), out var error);

        Assert.Null(error);
        Assert.Equal([["a", "b", "c"], ["x,y", "say \"hi\"", "two\nlines"], ["'=1+1", "", "plain"]], records.Select(r => r.Fields.ToArray()));
        Assert.Equal([1, 2, 4], records.Select(r => r.Line));
    }
}
