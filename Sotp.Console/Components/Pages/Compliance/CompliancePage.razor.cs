using System.Data.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore.Storage;
using MudBlazor;
using Sotp.Console.Identity;
using Sotp.Core.Audit;
using Sotp.Core.Compliance;
using Sotp.Core.Devices;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Compliance;

/// <summary>
/// Golden-configuration compliance: how many devices meet every rule, devices × rules with the worst devices first, a
/// verdict opened on what was expected, what is there and the fix, with the device's compliance over time; the rules
/// themselves, edited by those who may; CSV and PDF. Live: a device checked anywhere in the cluster (after a backup, a
/// rule change) shows without a reload.
/// </summary>
public sealed partial class CompliancePage
{
    private ComplianceOverview? _overview;
    private IReadOnlyList<ComplianceRule>? _rules;
    private Dictionary<(int Device, int Rule), ComplianceRow> _cells = [];
    private IReadOnlyList<string> _sites = [];
    private IReadOnlyList<string> _platforms = [];
    private string? _site;
    private string? _platform;
    private bool _failingOnly;
    private ComplianceRow? _selected;
    private string? _problem;

    [Inject]
    public required ComplianceService Compliance { get; init; }

    [Inject]
    public required ComplianceBoard Board { get; init; }

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    [Inject]
    public required AuditTrail Audit { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private IEnumerable<DeviceTally> ShownDevices => _overview!.Devices.Where(d => !_failingOnly || !d.Compliant);

    protected override Task OnInitializedAsync() =>
        FollowAsync(() => Board.Feed.Subscribe(), async (_, ct) => await ReadAsync(ct), async _ => await ReadAsync(Stopping));

    private Task LoadAsync() => ReadAsync(Stopping);

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            _rules = await Compliance.RulesAsync(cancellationToken);
            // The filters offer the inventory's sites and platforms (in memory); the verdicts are read once, filtered.
            var devices = Catalog.Feed.Current;
            (_sites, _platforms) = ([.. devices.Select(d => d.Site).OfType<string>().Distinct().Order()], [.. devices.Select(d => d.Platform).Distinct().Order()]);
            _overview = await Compliance.OverviewAsync(new ComplianceFilter(Site: _site, Platform: _platform), cancellationToken);
            _cells = _overview.Rows.ToDictionary(r => (r.DeviceId, r.RuleId));
            _selected = _selected is { } s ? _cells.GetValueOrDefault((s.DeviceId, s.RuleId)) : null;
            _problem = null;
        }
        catch (Exception ex) when (ex is DbException or RetryLimitExceededException or TimeoutException)
        {
            _problem = "The database cannot be reached: compliance shows again when it is back.";
            (_overview, _rules) = (_overview ?? ComplianceOverview.Of([]), _rules ?? []);
        }
    }

    private ComplianceRow? Cell(int deviceId, int ruleId) => _cells.GetValueOrDefault((deviceId, ruleId));

    private string ExportLink(string format)
    {
        var query = new List<string>();
        if (_site is not null)
        {
            query.Add("site=" + Uri.EscapeDataString(_site));
        }

        if (_platform is not null)
        {
            query.Add("platform=" + Uri.EscapeDataString(_platform));
        }

        return $"api/v1/compliance.{format}" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    private async Task CheckAgainAsync()
    {
        using var span = Access.StartAction("Compliance", "check again");
        if (await Access.RequireAsync(SotpPermissions.ComplianceManage, "compliance.check", "compliance") is not { } actor)
        {
            Snackbar.Add("You may no longer check compliance.", Severity.Error);
            return;
        }

        await Audit.WriteAsync(new AuditRecord(actor, "compliance.check", "compliance", null, "every device"), Stopping);
        Compliance.RequestAll();
        Snackbar.Add("Checking every device again: the results follow here as they come.", Severity.Info);
    }

    private async Task EditAsync(ComplianceRule? rule)
    {
        var dialog = await RuleDialog.ShowAsync(Dialogs, rule);
        if (await dialog.Result is { Canceled: false })
        {
            await ReadAsync(Stopping);
            Snackbar.Add("Saved: every device is checked again.", Severity.Success);
        }
    }

    private async Task DeleteAsync(ComplianceRule rule)
    {
        if (await Dialogs.ShowMessageBoxAsync("Delete rule", $"Delete \"{rule.Name}\" and its results?", yesText: "Delete", cancelText: "Cancel") != true)
        {
            return;
        }

        using var span = Access.StartAction("Compliance", "delete rule");
        if (await Access.RequireAsync(SotpPermissions.ComplianceManage, "compliance.rule.delete", "compliance-rule") is { } actor)
        {
            await Compliance.DeleteRuleAsync(rule.Id, actor, Stopping);
            await ReadAsync(Stopping);
        }
    }

    private static string Counted(int count, string thing) => $"{count} {thing}{(count == 1 ? "" : "s")}";

    private static string IconOf(ComplianceState state) => state switch
    {
        ComplianceState.Pass => Icons.Material.Filled.CheckCircle,
        ComplianceState.Fail => Icons.Material.Filled.Cancel,
        _ => Icons.Material.Filled.RemoveCircleOutline,
    };

    private static Color ColorOf(ComplianceState state) => state switch
    {
        ComplianceState.Pass => Color.Success,
        ComplianceState.Fail => Color.Error,
        _ => Color.Default,
    };
}
