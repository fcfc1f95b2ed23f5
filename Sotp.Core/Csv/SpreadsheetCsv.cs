using System.Globalization;
using nietras.SeparatedValues;
using Sylvan.Data.Csv;

namespace Sotp.Core.Csv;

/// <summary>
/// CSV as SOTP reads and writes it. Reading is Sylvan.Data.Csv's (RFC 4180: quoted fields, doubled quotes, line
/// breaks inside quotes; an unterminated quote is refused); each record keeps the line it starts on, so import
/// reports point at the right line. Writing is Sep's (quoting where needed), and every cell a spreadsheet would
/// take for a formula (<c>= + - @</c>, tab, carriage return) gets a leading apostrophe so it is shown, never run.
/// </summary>
public static class SpreadsheetCsv
{
    /// <summary>The longest record read: far past any real row, short of exhausting memory on a hostile file.</summary>
    public const int MaxRecordChars = 1 << 20;

    public sealed record Record(int Line, IReadOnlyList<string> Fields);

    /// <summary>Parses the whole text; a broken file is reported with the line where the problem starts.</summary>
    public static IReadOnlyList<Record> Parse(string text, out string? error)
    {
        error = null;
        var records = new List<Record>();
        var line = 1;
        using var reader = CsvDataReader.Create(new StringReader(text),
            new CsvDataReaderOptions { HasHeaders = false, Delimiter = ',', MaxBufferSize = MaxRecordChars * 2 });
        try
        {
            while (reader.Read())
            {
                var fields = new string[reader.RowFieldCount];
                var breaks = 0;
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = reader.GetString(i);
                    breaks += fields[i].AsSpan().Count('\n');
                }

                // A blank line reads as one empty field: it is a line, not a record.
                if (fields is not [""])
                {
                    records.Add(new Record(line, fields));
                }

                line += 1 + breaks;
            }
        }
        catch (CsvRecordTooLargeException)
        {
            error = $"Line {line}: a record is longer than {MaxRecordChars:N0} characters.";
        }
        catch (CsvFormatException)
        {
            error = $"Line {line}: a quoted field is never closed.";
        }

        return records;
    }

    /// <summary>A writer whose first row is <paramref name="columns"/>.</summary>
    public static async Task<RowWriter> CreateWriterAsync(TextWriter output, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        var writer = new RowWriter(Sep.Writer(o => o with { Sep = new Sep(','), Escape = true, WriteHeader = false }).To(output, leaveOpen: true),
            columns.Count);
        await writer.WriteRowAsync(columns, cancellationToken);
        return writer;
    }

    /// <summary>The cell as written: defused when a spreadsheet would read it as a formula.</summary>
    public static string Defuse(string cell) =>
        cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell;

    /// <summary>Writes rows of cells; asynchronous throughout, since an export streams into an HTTP response.</summary>
    public sealed class RowWriter : IAsyncDisposable
    {
        private readonly SepWriter _writer;
        private readonly string[] _columns;

        internal RowWriter(SepWriter writer, int columns)
        {
            _writer = writer;
            // Sep addresses cells by column name; the header itself is the first row, so names are just positions.
            _columns = [.. Enumerable.Range(0, columns).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        }

        public async ValueTask WriteRowAsync(IEnumerable<string?> cells, CancellationToken cancellationToken)
        {
            await using var row = _writer.NewRow(cancellationToken);
            var index = 0;
            foreach (var cell in cells)
            {
                row[_columns[index++]].Set(Defuse(cell ?? ""));
            }
        }

        public ValueTask DisposeAsync() => _writer.DisposeAsync();
    }
}
