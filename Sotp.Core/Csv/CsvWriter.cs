using System.Text;

namespace Sotp.Core.Csv;

/// <summary>
/// Writes RFC 4180 CSV that is safe to open in a spreadsheet: a cell that starts like a formula
/// (<c>= + - @</c>, tab, carriage return) gets a leading apostrophe so it is shown, never evaluated.
/// </summary>
public sealed class CsvWriter(TextWriter output)
{
    public void WriteRow(IEnumerable<string?> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                output.Write(',');
            }

            first = false;
            output.Write(Escape(cell ?? ""));
        }

        output.Write("\r\n");
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
