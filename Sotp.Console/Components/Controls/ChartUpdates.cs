using Microsoft.JSInterop;
using Vizor.ECharts;

namespace Sotp.Console.Components.Controls;

/// <summary>Pushes new chart data to the browser, tolerating a chart that left the page meanwhile.</summary>
public static class ChartUpdates
{
    /// <summary>
    /// A live batch can land just as the chart is removed (range changed, page left): the browser then has no
    /// chart to update, which is not an error worth a broken circuit.
    /// </summary>
    public static async Task TryUpdateAsync(this EChart? chart)
    {
        if (chart is null)
        {
            return;
        }

        try
        {
            await chart.UpdateAsync();
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or ObjectDisposedException)
        {
            // The chart or the circuit is gone; the next render, if any, draws afresh.
        }
    }
}
