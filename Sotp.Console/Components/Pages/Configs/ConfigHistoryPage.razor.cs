using LibGit2Sharp;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Sotp.Core.Configs;
using Sotp.Core.Devices;

namespace Sotp.Console.Components.Pages.Configs;

/// <summary>
/// A device's configuration history: its backups (live), and any two versions compared side by side or inline, the
/// unchanged lines folded or the whole file, "yesterday → today" in one click, the diff copied or downloaded as
/// <c>git diff</c> prints it. The versions compared are in the address (<c>?from=&amp;to=</c>), so a diff can be
/// sent to a colleague; without them, the latest change is shown, and follows new versions as they are stored.
/// </summary>
public sealed partial class ConfigHistoryPage
{
    private Device? _device;
    private bool _loading = true;
    private List<BreadcrumbItem> _crumbs = [];
    private IReadOnlyList<ConfigBackupRecord> _versions = [];
    private string? _from;
    private string? _to;
    private ConfigDiff? _diff;
    private IReadOnlyList<DiffRow> _rows = [];
    private bool _sideBySide = true;
    private bool _whole;
    private string? _problem;
    // What the rows on screen were laid out for: the same again needs no new layout.
    private bool _shownWhole;
    private bool _shownSideBySide;

    [Parameter]
    public int Id { get; set; }

    [SupplyParameterFromQuery(Name = "from")]
    public string? FromQuery { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? ToQuery { get; set; }

    [SupplyParameterFromQuery(Name = "view")]
    public string? ViewQuery { get; set; }

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    [Inject]
    public required ConfigHistory History { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required IJSRuntime Js { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        if (_device?.Id != Id)
        {
            _loading = true;
            _device = await Catalog.GetAsync(Id, CancellationToken.None);
            _crumbs = [new("Devices", "devices"), new(_device?.Name ?? "?", $"devices/{Id}"), new("Configuration", null, disabled: true)];
            _loading = false;
        }

        _sideBySide = ViewQuery != "inline";
        Show();
    }

    // The rows of the backups list arrived or changed: the versions to pick defaults from.
    private Task LoadedAsync(IReadOnlyList<ConfigBackupRecord> rows)
    {
        _versions = [.. rows.Where(r => r.Commit is not null)];
        Show();
        return Task.CompletedTask;
    }

    // What the address asks for; without "to", the latest version against the one before it.
    private void Show()
    {
        if (_device is null)
        {
            return;
        }

        var to = ToQuery ?? (_versions.Count > 0 ? _versions[0].Commit : null);
        var from = FromQuery ?? Before(to);
        if (to is null)
        {
            (_diff, _rows, _from, _to) = (null, [], null, null);
            return;
        }

        if ((from, to, _whole, _sideBySide) == (_from, _to, _shownWhole, _shownSideBySide) && _diff is not null)
        {
            return;
        }

        try
        {
            _diff = from is null ? ConfigDiff.Compare("", History.Read(_device.Name, to)) : History.Compare(_device.Name, from, to);
            var context = _whole ? -1 : 3;
            _rows = _sideBySide ? _diff.SideBySide(context) : _diff.Inline(context);
            (_from, _to, _shownWhole, _shownSideBySide, _problem) = (from, to, _whole, _sideBySide, null);
        }
        catch (Exception ex) when (ex is ArgumentException or LibGit2SharpException)
        {
            (_diff, _rows) = (null, []);
            _problem = $"{ex.Message} Pick versions from the list.";
        }
    }

    // The version stored before this one (among those listed), or none for the first.
    private string? Before(string? commit) =>
        _versions.SkipWhile(v => v.Commit != commit).Skip(1).FirstOrDefault()?.Commit;

    private string When(string? commit) =>
        _versions.FirstOrDefault(v => v.Commit == commit) is { } v ? $"({v.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC)" : "";

    private Task PickAsync((string? From, string? To) picked)
    {
        Go(picked.From, picked.To, _sideBySide);
        return Task.CompletedTask;
    }

    private async Task LastDayAsync()
    {
        if (await History.LastDayAsync(Id, default) is { } day)
        {
            Go(day.From.Commit, day.To.Commit, _sideBySide);
        }
        else
        {
            Snackbar.Add("There are not two versions yet to compare.", Severity.Info);
        }
    }

    private Task ViewAsync(bool sideBySide)
    {
        Go(FromQuery, ToQuery, sideBySide);
        return Task.CompletedTask;
    }

    private Task WholeAsync(bool whole)
    {
        _whole = whole;
        Show();
        return Task.CompletedTask;
    }

    private void Go(string? from, string? to, bool sideBySide) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["from"] = from,
            ["to"] = to,
            ["view"] = sideBySide ? null : "inline",
        }), replace: true);

    private async Task CopyAsync()
    {
        try
        {
            await Js.InvokeVoidAsync("navigator.clipboard.writeText", History.GitDiff(_device!.Name, _from!, _to!));
            Snackbar.Add("The diff is on the clipboard, as git diff prints it.", Severity.Success);
        }
        catch (JSException)
        {
            Snackbar.Add("The browser did not allow the clipboard: download the .diff instead.", Severity.Warning);
        }
    }
}
