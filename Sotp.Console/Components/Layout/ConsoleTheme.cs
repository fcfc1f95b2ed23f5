namespace Sotp.Console.Components.Layout;

/// <summary>
/// The person's light or dark choice, cascaded from the layout to every component that draws its own colours
/// (charts), so a switch repaints them at once.
/// </summary>
public sealed record ConsoleTheme(bool IsDark)
{
    public static ConsoleTheme Dark { get; } = new(true);

    public static ConsoleTheme Light { get; } = new(false);

    /// <summary>The Apache ECharts theme name: "dark", or the default (light) theme.</summary>
    public string? ChartTheme => IsDark ? "dark" : null;
}
