using System.Text;

namespace Sotp.Core.Csv;

/// <summary>
/// Reads RFC 4180 CSV (quoted fields, doubled quotes, line breaks inside quotes). Each record keeps the line
/// number it starts on, so import reports can point at the right line.
/// </summary>
public static class CsvReader
{
    public sealed record Record(int Line, IReadOnlyList<string> Fields);

    /// <summary>Parses the whole text; an unterminated quote is reported rather than guessed at.</summary>
    public static IReadOnlyList<Record> Parse(string text, out string? error)
    {
        error = null;
        var records = new List<Record>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldStarted = false;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    fieldStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }

        if (inQuotes)
        {
            error = $"Line {recordLine}: a quoted field is never closed.";
        }

        EndRecord();
        return records;

        void EndRecord()
        {
            if (fieldStarted || field.Length > 0 || fields.Count > 0)
            {
                fields.Add(field.ToString());
                records.Add(new Record(recordLine, fields.ToArray()));
            }

            fields.Clear();
            field.Clear();
            fieldStarted = false;
        }
    }
}
