using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Components.Controls;
using Sotp.Console.Identity;
using Sotp.Core.Audit;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Audit;

/// <summary>
/// The auditors' view: every recorded action, newest first, filtered and searched on the server; an entry opens
/// with its before/after diff; the chain can be verified; the filtered view exports as CSV. New entries appear
/// on the first unfiltered page as they are written.
/// </summary>
public sealed partial class AuditLog
{
    private static readonly (string Value, string Label)[] Actions =
    [
        ("auth.", "Sign-in and sign-out"),
        ("device.", "Device changes"),
        ("user.", "User changes"),
        ("role.", "Role permissions"),
        ("token.", "Access tokens"),
        ("audit.", "Audit reads and exports"),
    ];

    private MudDataGrid<AuditEntry>? _grid;
    private AuditQuery _filter = new();
    private DateRange? _range;
    private AuditVerification? _verdict;
    private bool _verifying;
    private int _page;

    [Inject]
    public required AuditSearch Search { get; init; }

    [Inject]
    public required AuditTrail Trail { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private bool HasFilters => _filter != new AuditQuery();

    private string ExportHref => "api/v1/audit/export" + QueryString.Create(new Dictionary<string, string?>
    {
        ["user"] = _filter.User, ["action"] = _filter.Action, ["result"] = _filter.Result, ["q"] = _filter.Text,
        ["from"] = _filter.From?.ToString("O"), ["to"] = _filter.To?.ToString("O"),
    }.Where(p => !string.IsNullOrWhiteSpace(p.Value)));

    // New entries, written here or on another replica, show where they belong, on the first page of the
    // unfiltered view: one re-read per batch. The grid reads its first page itself once rendered.
    protected override Task OnInitializedAsync() =>
        FollowAsync(() => Trail.Entries.Subscribe(), (_, _) => Task.CompletedTask, async _ =>
        {
            if (_page == 0 && !HasFilters && _grid is not null)
            {
                await _grid.ReloadServerData();
            }
        });

    private async Task<GridData<AuditEntry>> LoadAsync(GridState<AuditEntry> state, CancellationToken cancellationToken)
    {
        _page = state.Page;
        var page = await Search.QueryAsync(_filter with { Page = state.Page, PageSize = state.PageSize }, cancellationToken);
        return new GridData<AuditEntry> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task FilterAsync(Action change)
    {
        change();
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private Task RangeChangedAsync(DateRange? range)
    {
        _range = range;
        var (from, to) = DayRange.Bounds(range);
        return FilterAsync(() => _filter = _filter with { From = from, To = to });
    }

    private Task ClearFiltersAsync()
    {
        _range = null;
        return FilterAsync(() => _filter = new AuditQuery());
    }

    private async Task VerifyAsync()
    {
        using var span = Access.StartAction("Audit", "verify the chain");
        if (await Access.RequireAsync(SotpPermissions.AuditRead, "audit.verify") is not { } actor)
        {
            return;
        }

        _verifying = true;
        try
        {
            _verdict = await Trail.VerifyAsync(actor, CancellationToken.None);
        }
        finally
        {
            _verifying = false;
        }
    }

    private async Task OpenAsync(DataGridRowClickEventArgs<AuditEntry> click) =>
        await Dialogs.ShowAsync<AuditEntryDialog>($"Entry #{click.Item.Id}",
            new DialogParameters<AuditEntryDialog> { { d => d.Entry, click.Item } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });

    private static string Target(AuditEntry e) => (e.TargetType, e.TargetName ?? e.TargetId) switch
    {
        (null, _) => "",
        (var type, null) => type,
        (var type, var name) => $"{type}: {name}",
    };

    private static (string Kind, string Detail) ResultParts(string result) =>
        result.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? (result[..colon], result[(colon + 1)..].Trim()) : (result, "");

    private static Color ResultColor(string kind) => kind switch
    {
        AuditResults.Success => Color.Success,
        AuditResults.Denied => Color.Warning,
        _ => Color.Error,
    };

}
