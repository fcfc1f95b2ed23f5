using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Vizor.ECharts;

namespace Sotp.Console.Components.Controls;

/// <summary>
/// An Apache ECharts chart whose library is loaded when the first chart of a page is drawn
/// (<c>wwwroot/js/charts.js</c>), not with every page: until then the chart's space is kept empty.
/// </summary>
public partial class LazyEChart
{
    private const string Bundle = "_content/Vizor.ECharts/js/vizor-echarts-bundle-min.js";

    private EChart? _chart;
    private bool _ready;

    [Parameter, EditorRequired]
    public required ChartOptions Options { get; set; }

    [Parameter]
    public string Height { get; set; } = "300px";

    /// <summary>"dark", or null for ECharts' light default.</summary>
    [Parameter]
    public string? Theme { get; set; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            try
            {
                await JS.InvokeVoidAsync("sotpCharts.ensure", Assets[Bundle]);
                _ready = true;
                StateHasChanged();
            }
            catch (Exception ex) when (ex is JSDisconnectedException or TaskCanceledException)
            {
                // The page went away while the library loaded.
            }
        }
    }

    /// <summary>
    /// Pushes changed data to the drawn chart, if it is drawn yet. A live batch can land just as the chart leaves
    /// (range changed, page left): the browser then has no chart to update, which is no error worth a broken circuit.
    /// </summary>
    public async Task UpdateAsync()
    {
        if (_chart is null)
        {
            return;
        }

        try
        {
            await _chart.UpdateAsync();
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or ObjectDisposedException)
        {
            // The chart or the circuit is gone; the next render, if any, draws afresh.
        }
    }
}
