using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Components.Controls;
using Sotp.Console.Identity;
using Sotp.Core;
using Sotp.Core.Devices;
using Sotp.Core.Remediation;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Remediation;

/// <summary>Add or change a playbook with its guardrails; a new one starts in dry-run.</summary>
public sealed partial class PlaybookDialog
{
    private static readonly Playbook Defaults = new() { Name = "" };

    private string? _name;
    private PlaybookAction _action = PlaybookAction.SnmpAdminUp;
    private PlaybookMode _mode = PlaybookMode.DryRun;
    private string? _devices;
    private string? _sites;
    private string? _tags;
    private string? _interfaces;
    private int _holdOff = Defaults.HoldOffMinutes;
    private int _postCheck = Defaults.PostCheckSeconds;
    private int _maxFailures = Defaults.MaxConsecutiveFailures;
    private string? _uplinks = Defaults.UplinkPattern;
    private bool _allowUplinks;
    private bool _requireApproval;
    private bool _leaveConfigChanges;
    private bool _enabled = true;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private ShownFailure? _formError;
    private bool _saving;

    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    [Parameter]
    public Playbook? Playbook { get; set; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required RemediationStore Store { get; init; }

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    public static Task<IDialogReference> ShowAsync(IDialogService dialogs, Playbook? playbook) =>
        dialogs.ShowAsync<PlaybookDialog>(playbook is null ? "New playbook" : $"Playbook {playbook.Name}",
            new DialogParameters<PlaybookDialog> { { d => d.Playbook, playbook } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });

    protected override void OnInitialized()
    {
        if (Playbook is not { } p)
        {
            return;
        }

        (_name, _action, _mode, _enabled) = (p.Name, p.Action, p.Mode, p.Enabled);
        _devices = ScopeText.Devices(Catalog, p.Scope);
        (_sites, _tags, _interfaces) = (string.Join(", ", p.Scope.Sites), string.Join(", ", p.Scope.Tags), p.Scope.InterfacePattern);
        (_holdOff, _postCheck, _maxFailures, _uplinks) = (p.HoldOffMinutes, p.PostCheckSeconds, p.MaxConsecutiveFailures, p.UplinkPattern);
        (_allowUplinks, _requireApproval, _leaveConfigChanges) = (p.AllowUplinks, p.RequireApproval, p.LeaveConfigChanges);
    }

    private async Task SaveAsync()
    {
        _saving = true;
        _formError = null;
        try
        {
            var (scope, problem) = ScopeText.Read(Catalog, _devices, _sites, _tags, _interfaces);
            if (scope is null)
            {
                _formError = Failures.Of(problem!);
                return;
            }

            var input = new PlaybookInput
            {
                Name = _name, Trigger = EnumText.Kebab(PlaybookTrigger.InterfaceAdminDown), Action = EnumText.Kebab(_action), Mode = EnumText.Kebab(_mode),
                Scope = scope,
                HoldOffMinutes = _holdOff, PostCheckSeconds = _postCheck, MaxConsecutiveFailures = _maxFailures, UplinkPattern = _uplinks,
                AllowUplinks = _allowUplinks, RequireApproval = _requireApproval, LeaveConfigChanges = _leaveConfigChanges, Enabled = _enabled,
            };
            using var span = Access.StartAction("Remediation", Playbook is null ? "add playbook" : "edit playbook");
            if (await Access.RequireAsync(SotpPermissions.RemediationManage, Playbook is null ? "playbook.create" : "playbook.update", "playbook") is not { } actor)
            {
                _formError = Failures.Of("You may no longer change playbooks.");
                return;
            }

            var result = await Store.SavePlaybookAsync(Playbook?.Id, input, actor, CancellationToken.None);
            if (result is not { } saved)
            {
                _formError = Failures.Of("This playbook was deleted meanwhile.");
                return;
            }

            _errors = saved.Errors;
            if (saved.Playbook is { } playbook)
            {
                Dialog.Close(DialogResult.Ok(playbook));
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private void Cancel() => Dialog.Cancel();
}
