using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;
using static Sotp.Core.Reports.ReportStyle;

namespace Sotp.Core.Reports;

/// <summary>The look every SOTP PDF shares: A4 margins, DejaVu Sans, the ink and the status colours.</summary>
internal static class ReportStyle
{
    public const double Margin = 48;
    public const double FooterHeight = 28;
    public const double Width = 595.28 - 2 * Margin; // A4, points
    public static readonly XColor Ink = XColor.FromArgb(0x21, 0x21, 0x21);
    public static readonly XColor Muted = XColor.FromArgb(0x61, 0x61, 0x61);
    public static readonly XColor Rule = XColor.FromArgb(0xE0, 0xE0, 0xE0);
    public static readonly XColor Band = XColor.FromArgb(0xF5, 0xF5, 0xF5);
    public static readonly XColor Good = XColor.FromArgb(0x2E, 0x7D, 0x32);
    public static readonly XColor Warn = XColor.FromArgb(0xEF, 0x8F, 0x00);
    public static readonly XColor Bad = XColor.FromArgb(0xC6, 0x28, 0x28);
    public static readonly XColor NoData = XColor.FromArgb(0xBD, 0xBD, 0xBD);

    public static XFont Font(double size, bool bold = false) => new(ReportFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);

    public static XSolidBrush Brush(XColor colour) => new(colour);
}

/// <summary>A table column: its title, its share of the page's width, right-aligned or not.</summary>
internal sealed record ReportColumn(string Title, double Share, bool Right = false);

/// <summary>A table row; <see cref="Colour"/>, when given, colours the cell in <see cref="ColourColumn"/> (a status).</summary>
internal sealed record ReportRow(string[] Cells, XColor? Colour = null, int ColourColumn = 2);

/// <summary>A4 pages filled top to bottom: a new page when the next thing does not fit, the table header repeated.</summary>
internal sealed class ReportPages(PdfDocument document)
{
    private XGraphics? _graphics;
    private double _y;

    private static double Bottom => 841.89 - Margin - FooterHeight;

    public XGraphics Graphics => _graphics ??= Start();

    public void Next()
    {
        _graphics?.Dispose();
        _graphics = null;
    }

    public void Finish() => Next();

    /// <summary>
    /// Every page's footer: the organisation and the document's title, "Page N of M", SOTP's version and when it was made
    /// (in <paramref name="zone"/>).
    /// </summary>
    public static void Footers(PdfDocument document, ReportBranding branding, string title, TimeZoneInfo zone)
    {
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            var page = document.Pages[i];
            using var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var y = page.Height.Point - Margin + 14;
            var width = page.Width.Point - 2 * Margin;
            g.DrawLine(new XPen(Rule, 0.5), Margin, y - 12, Margin + width, y - 12);
            g.DrawString($"{branding.Organisation}  ·  {title}", Font(7.5), Brush(Muted), Margin, y);
            g.DrawString($"Page {i + 1} of {count}", Font(7.5), Brush(Muted), new XRect(Margin, y - 8, width, 10), XStringFormats.TopRight);
            g.DrawString($"SOTP {ReportText.Version}  ·  generated {ReportText.Local(branding.GeneratedAt, zone)} ({zone.Id})",
                Font(6.5), Brush(Muted), Margin, y + 10);
        }
    }

    public void Space(double points) => _y += points;

    public void Heading(string text)
    {
        Fit(40);
        Graphics.DrawString(text, Font(14, bold: true), Brush(Ink), Margin, _y + 14);
        _y += 26;
    }

    public void Paragraph(string text)
    {
        var font = Font(9);
        var height = Lines(text, font, Width) * 12.5 + 6;
        Fit(height);
        new XTextFormatter(Graphics).DrawString(text, font, Brush(Ink), new XRect(Margin, _y, Width, height), XStringFormats.TopLeft);
        _y += height;
    }

    public void Image(byte[] png, double height)
    {
        Fit(height + 8);
        using var image = XImage.FromStream(new MemoryStream(png));
        Graphics.DrawImage(image, Margin, _y + 4, Width, height);
        _y += height + 8;
    }

    public void Table(IReadOnlyList<ReportColumn> columns, IEnumerable<ReportRow> rows)
    {
        var (font, bold) = (Font(8.5), Font(8.5, bold: true));
        Fit(18 * 3);
        Header(columns, bold);
        var shaded = false;
        foreach (var row in rows)
        {
            var height = columns.Select((c, i) => Lines(row.Cells[i], font, c.Share * Width - 8)).Max() * 11 + 7;
            if (_y + height > Bottom)
            {
                Next();
                Header(columns, bold);
            }

            if (shaded)
            {
                Graphics.DrawRectangle(new XSolidBrush(Band), Margin, _y, Width, height);
            }

            var x = Margin;
            for (var i = 0; i < columns.Count; i++)
            {
                var width = columns[i].Share * Width;
                var brush = i == row.ColourColumn && row.Colour is { } colour ? Brush(colour) : Brush(Ink);
                var cell = new XRect(x + 4, _y + 4, width - 8, height - 4);
                if (columns[i].Right)
                {
                    Graphics.DrawString(row.Cells[i], font, brush, cell, XStringFormats.TopRight);
                }
                else
                {
                    new XTextFormatter(Graphics).DrawString(row.Cells[i], font, brush, cell, XStringFormats.TopLeft);
                }

                x += width;
            }

            _y += height;
            shaded = !shaded;
        }

        Graphics.DrawLine(new XPen(Rule, 0.5), Margin, _y, Margin + Width, _y);
        _y += 6;
    }

    private void Header(IReadOnlyList<ReportColumn> columns, XFont bold)
    {
        var x = Margin;
        Graphics.DrawLine(new XPen(Ink, 0.8), Margin, _y + 18, Margin + Width, _y + 18);
        foreach (var column in columns)
        {
            var width = column.Share * Width;
            Graphics.DrawString(column.Title, bold, Brush(Muted), new XRect(x + 4, _y + 4, width - 8, 12),
                column.Right ? XStringFormats.TopRight : XStringFormats.TopLeft);
            x += width;
        }

        _y += 20;
    }

    private void Fit(double height)
    {
        if (_graphics is not null && _y + height > Bottom)
        {
            Next();
        }

        _ = Graphics;
    }

    private XGraphics Start()
    {
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        _y = Margin;
        return XGraphics.FromPdfPage(page);
    }

    // How many lines the text takes at this width: its own lines, each wrapped at spaces as XTextFormatter wraps it.
    private int Lines(string text, XFont font, double width) => text.Split('\n').Sum(line => Wrapped(line, font, width));

    private int Wrapped(string text, XFont font, double width)
    {
        var lines = 1;
        var line = 0.0;
        var space = Graphics.MeasureString(" ", font).Width;
        foreach (var word in text.Split(' '))
        {
            var w = Graphics.MeasureString(word, font).Width;
            if (line > 0 && line + space + w > width)
            {
                lines++;
                line = w;
            }
            else
            {
                line += (line > 0 ? space : 0) + w;
            }
        }

        return lines;
    }
}
