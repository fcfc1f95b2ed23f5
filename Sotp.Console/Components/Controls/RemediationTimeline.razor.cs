using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore.Storage;
using MudBlazor;
using Sotp.Console.Identity;
using Sotp.Core.Devices;
using Sotp.Core.Remediation;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Controls;

/// <summary>
/// Remediation attempts (all, or one device's), newest first, each with its steps and their times (detected, decided,
/// acted, verified); live: an attempt's new state replaces its row. An Engineer approves one that waits.
/// </summary>
public sealed partial class RemediationTimeline
{
    private const int Shown = 100;
    private List<RemediationAttempt>? _rows;
    private bool _canApprove;

    [Parameter]
    public int? DeviceId { get; set; }

    [Parameter]
    public string EmptyText { get; set; } = "No playbook has responded to anything yet.";

    [Inject]
    public required RemediationStore Store { get; init; }

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _canApprove = await Access.HoldsAsync(SotpPermissions.RemediationApprove);
        var deviceId = DeviceId;
        await FollowAsync(() => Store.Attempts.Subscribe(a => deviceId is null || a.DeviceId == deviceId),
            async (_, ct) =>
            {
                try
                {
                    _rows = await Store.ListAsync(deviceId, null, Shown, ct);
                }
                catch (Exception ex) when (ex is DbException or RetryLimitExceededException or TimeoutException)
                {
                    _rows = []; // attempts decided from now on still show
                }
            },
            batch =>
            {
                foreach (var attempt in batch.Where(a => a.Id != 0))
                {
                    _rows?.RemoveAll(r => r.Id == attempt.Id);
                    _rows?.Insert(0, attempt);
                }

                _rows = _rows?.OrderByDescending(r => r.Id).Take(Shown).ToList();
                return Task.CompletedTask;
            });
    }

    private string NameOf(int deviceId) => Catalog.Feed.TryGet(deviceId, out var device) ? device.Name : $"device {deviceId}";

    public static Color ColorOf(RemediationState state) => state switch
    {
        RemediationState.Done => Color.Success,
        RemediationState.Failed => Color.Error,
        RemediationState.AwaitingApproval => Color.Warning,
        RemediationState.Running => Color.Info,
        _ => Color.Default,
    };

    private async Task ApproveAsync(RemediationAttempt attempt)
    {
        if (await Access.RequireAsync(SotpPermissions.RemediationApprove, "remediation.approve", "remediation", attempt.Id.ToString(CultureInfo.InvariantCulture)) is not { } actor)
        {
            Snackbar.AddFailure("You may no longer approve remediation.");
            return;
        }

        if (await Store.ApproveAsync(attempt.Id, actor, Stopping) is null)
        {
            Snackbar.Add("That attempt no longer waits for approval.", Severity.Info);
        }
    }
}
