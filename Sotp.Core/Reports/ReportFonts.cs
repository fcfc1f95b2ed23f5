using PdfSharp.Fonts;
using SkiaSharp;

namespace Sotp.Core.Reports;

/// <summary>
/// The one typeface of reports, DejaVu Sans (Fonts/LICENSE-DejaVu.txt), carried inside SOTP: PDFsharp embeds it in every
/// PDF and ScottPlot draws the charts with it, so a report looks the same on a server, in a container without a
/// single font installed, and on the reader's screen.
/// </summary>
public static class ReportFonts
{
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<byte[]> Regular = new(() => Load("DejaVuSans"));
    private static readonly Lazy<byte[]> Bold = new(() => Load("DejaVuSans-Bold"));
    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>Makes both libraries use the carried typeface; safe to call from every report.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }

            GlobalFontSettings.FontResolver ??= new PdfResolver();
            ScottPlot.Fonts.FontResolvers.Insert(0, new ChartResolver());
            ScottPlot.Fonts.Default = Family;
            _installed = true;
        }
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream($"Sotp.Core.Reports.Fonts.{name}.ttf")
            ?? throw new InvalidOperationException($"The report font {name} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed class PdfResolver : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "DejaVuSans-Bold" : "DejaVuSans", false, italic); // every family is ours; italics are slanted by PDFsharp

        public byte[]? GetFont(string faceName) => faceName == "DejaVuSans-Bold" ? Bold.Value : Regular.Value;
    }

    private sealed class ChartResolver : ScottPlot.IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Typeface(bold);

        public SKTypeface? CreateTypeface(string fontName, ScottPlot.FontWeight weight, ScottPlot.FontSlant slant, ScottPlot.FontSpacing spacing) =>
            Typeface(weight >= ScottPlot.FontWeight.SemiBold);

        private static SKTypeface Typeface(bool bold) => SKTypeface.FromData(SKData.CreateCopy(bold ? Bold.Value : Regular.Value));
    }
}
