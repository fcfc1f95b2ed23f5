using System.Text;

namespace Sotp.Core.Csv;

/// <summary>
/// Writes RFC 4180 CSV that is safe to open in a spreadsheet: a cell that starts like a formula
/// (<c>= + - @</c>, tab, carriage return) gets a leading apostrophe so it is shown, never evaluated.
/// </summary>
public sealed class CsvWriter(TextWriter output)
{
    private readonly StringBuilder _line = new();

    /// <summary>
    /// Writes one row. Asynchronous all the way down: an export streams into an HTTP response, where a
    /// synchronous flush of a full buffer is refused.
    /// </summary>
    public async Task WriteRowAsync(IEnumerable<string?> cells, CancellationToken cancellationToken)
    {
        _line.Clear();
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                _line.Append(',');
            }

            first = false;
            _line.Append(Escape(cell ?? ""));
        }

        _line.Append("\r\n");
        await output.WriteAsync(_line, cancellationToken);
    }

    public static string Escape(string cell)
    {
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            cell = "'" + cell;
        }

        if (cell.IndexOfAny([',', '"', '\r', '\n']) < 0)
        {
            return cell;
        }

        return new StringBuilder("\"").Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }
}
