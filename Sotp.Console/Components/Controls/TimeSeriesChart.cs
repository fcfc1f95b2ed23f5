using Sotp.Console.Components.Layout;
using Vizor.ECharts;

namespace Sotp.Console.Components.Controls;

/// <summary>The look every live time-series chart shares (ping, vitals): one place for it.</summary>
internal static class TimeSeriesChart
{
    /// <summary>
    /// Transparent on the page's own background, in the person's theme, no animation, a tooltip per instant, and
    /// a time axis from <paramref name="fromMs"/> whose labels never overlap on a narrow chart.
    /// </summary>
    public static ChartOptions Options(ConsoleTheme theme, long fromMs, string leftMargin, string rightMargin) => new()
    {
        DarkMode = theme.IsDark,
        BackgroundColor = new Color("transparent"),
        Animation = false,
        Tooltip = new Tooltip { Trigger = TooltipTrigger.Axis },
        Legend = new Legend { Top = "0", Type = LegendType.Scroll },
        Grid = new Grid { Left = leftMargin, Right = rightMargin, Top = "56", Bottom = "30" },
        XAxis = new XAxis { Type = AxisType.Time, Min = fromMs, AxisLabel = new AxisLabel { HideOverlap = true } },
    };

    /// <summary>A line whose points stay visible while there are few of them (ECharts thins them when dense).</summary>
    public static LineSeries Line(string name, List<object?[]> data, int yAxis = 0) => new()
    {
        Name = name,
        Data = data,
        SymbolSize = 4,
        YAxisIndex = yAxis,
    };
}
