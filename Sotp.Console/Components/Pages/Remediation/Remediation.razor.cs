using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Components.Controls;
using Sotp.Console.Identity;
using Sotp.Core.Devices;
using Sotp.Core.Remediation;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Remediation;

/// <summary>
/// Self-healing on one screen: the stop switch (Admins), the playbooks with their guardrails and circuit breakers
/// (edited in <see cref="PlaybookDialog"/>), and the live timeline of what they did.
/// </summary>
public sealed partial class Remediation
{
    private List<Playbook>? _playbooks;
    private RemediationControl? _control;
    private bool _canManage;

    [Inject]
    public required RemediationStore Store { get; init; }

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _canManage = await Access.HoldsAsync(SotpPermissions.RemediationManage);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _playbooks = await Store.PlaybooksAsync(CancellationToken.None);
        _control = await Store.ControlAsync(CancellationToken.None);
    }

    private string? NameOf(int id) => Catalog.Feed.TryGet(id, out var device) ? device.Name : null;

    private static string Guardrails(Playbook p) => string.Join("; ", new[]
    {
        $"hold-off {p.HoldOffMinutes} min",
        $"up {p.PostCheckSeconds} s after",
        p.RequireApproval ? "approval" : null,
        p.AllowUplinks ? "uplinks too" : $"not uplinks ({p.UplinkPattern})",
        p.LeaveConfigChanges ? "not config changes" : null,
    }.OfType<string>());

    private async Task EditAsync(Playbook? playbook)
    {
        var dialog = await PlaybookDialog.ShowAsync(Dialogs, playbook);
        if (await dialog.Result is { Canceled: false, Data: Playbook saved })
        {
            Snackbar.Add($"Playbook {saved.Name} saved ({(saved.Mode == PlaybookMode.Enforce ? "enforce" : "dry-run")}).", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task ResetAsync(Playbook playbook)
    {
        if (await Access.RequireAsync(SotpPermissions.RemediationManage, "playbook.reset", "playbook") is not { } actor)
        {
            Snackbar.AddFailure("You may no longer reset playbooks.");
            return;
        }

        await Store.ResetBreakerAsync(playbook.Id, actor, CancellationToken.None);
        await LoadAsync();
    }

    private async Task SetStoppedAsync(bool stopped)
    {
        string? reason = null;
        if (stopped)
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync("Stop all remediation?",
                "No playbook will act on any device until an Admin resumes. Attempts are still recorded as skipped.", yesText: "Stop all", cancelText: "Cancel");
            if (confirmed != true)
            {
                return;
            }

            reason = "stopped from the Remediation page";
        }

        if (await Access.RequireAsync(SotpPermissions.RemediationManage, stopped ? "remediation.stop" : "remediation.resume", "remediation") is not { } actor)
        {
            Snackbar.AddFailure("You may no longer stop or resume remediation.");
            return;
        }

        _control = await Store.SetStoppedAsync(stopped, reason, actor, CancellationToken.None);
        Snackbar.Add(stopped ? "All remediation stopped." : "Remediation resumed.", stopped ? Severity.Warning : Severity.Success);
    }
}
