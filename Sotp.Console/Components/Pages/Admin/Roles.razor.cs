using Sotp.Console.Components.Controls;
using System.Collections.Frozen;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Identity;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Admin;

/// <summary>The role-to-permission mapping as a grid of ticks; each tick saves at once and is audited.</summary>
public partial class Roles
{
    private IReadOnlyDictionary<string, FrozenSet<string>>? _map;
    private IReadOnlySet<string> _twoFactor = new HashSet<string>();
    private bool _saving;

    [Inject]
    public required PermissionMap Map { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _map = await Map.CurrentAsync(CancellationToken.None);
        _twoFactor = await Map.TwoFactorRolesAsync(CancellationToken.None);
    }

    private async Task ToggleTwoFactorAsync(string role, bool on)
    {
        using var span = Access.StartAction("Roles", "two-factor");
        if (await Access.RequireAsync(SotpPermissions.SettingsManage, "role.two-factor", "role", role) is not { } actor)
        {
            Snackbar.AddFailure("You may no longer change role settings.");
            return;
        }

        _saving = true;
        try
        {
            await Map.SetTwoFactorRequiredAsync(role, on, actor, CancellationToken.None);
            _twoFactor = await Map.TwoFactorRolesAsync(CancellationToken.None);
            Snackbar.Add(on ? $"{role} members now sign in with an authenticator code." : $"{role} members no longer need an authenticator code.", Severity.Success);
        }
        finally
        {
            _saving = false;
        }
    }

    private bool Holds(string role, string permission) => _map!.TryGetValue(role, out var held) && held.Contains(permission);

    private async Task ToggleAsync(string role, string permission, bool on)
    {
        using var span = Access.StartAction("Roles", "permissions");
        if (await Access.RequireAsync(SotpPermissions.SettingsManage, "role.permissions", "role", role) is not { } actor)
        {
            Snackbar.AddFailure("You may no longer change role permissions.");
            return;
        }

        _saving = true;
        try
        {
            var held = _map!.TryGetValue(role, out var current) ? current.ToHashSet() : [];
            if (on)
            {
                held.Add(permission);
            }
            else
            {
                held.Remove(permission);
            }

            await Map.SetAsync(role, held, actor, CancellationToken.None);
            _map = await Map.CurrentAsync(CancellationToken.None);
            Snackbar.Add($"{role} {(on ? "now holds" : "no longer holds")} {permission}.", Severity.Success);
        }
        finally
        {
            _saving = false;
        }
    }
}
