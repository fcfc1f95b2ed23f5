using Sotp.Console.Components.Controls;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Identity;
using Sotp.Core.Audit;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Admin;

/// <summary>
/// Accounts for Admins: add, change roles, reset passwords, unlock, end sessions, disable. Every action is
/// checked again on the server and audited; the directory runs in a scope of its own per action, so no
/// database context lives as long as the circuit.
/// </summary>
public partial class Users
{
    private IReadOnlyList<UserSummary>? _users;
    private string? _search;
    private AuditActor? _actor;

    [Inject]
    public required IServiceScopeFactory Scopes { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override Task OnInitializedAsync() => ReloadAsync();

    private bool Matches(UserSummary user) => string.IsNullOrWhiteSpace(_search)
        || user.UserName.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase)
        || user.Roles.Any(r => r.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase));

    private async Task ReloadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        _users = await scope.ServiceProvider.GetRequiredService<UserDirectory>().ListAsync(CancellationToken.None);
    }

    private async Task<bool> AllowedAsync(string action, string? userId = null)
    {
        _actor = await Access.RequireAsync(SotpPermissions.UsersManage, action, "user", userId);
        if (_actor is null)
        {
            Snackbar.AddFailure("You may no longer manage users.");
        }

        return _actor is not null;
    }

    private async Task CreateAsync()
    {
        if (await AllowedAsync("user.create"))
        {
            await OpenAsync(null, "Add user");
        }
    }

    private async Task EditRolesAsync(UserSummary user)
    {
        if (await AllowedAsync("user.roles", user.Id))
        {
            await OpenAsync(user, $"Roles of {user.UserName}");
        }
    }

    private async Task ResetPasswordAsync(UserSummary user)
    {
        if (await AllowedAsync("user.reset-password", user.Id))
        {
            await OpenAsync(user, $"New password for {user.UserName}", passwordOnly: true);
        }
    }

    private async Task OpenAsync(UserSummary? user, string title, bool passwordOnly = false)
    {
        var dialog = await Dialogs.ShowAsync<UserDialog>(title, new DialogParameters<UserDialog>
        {
            { d => d.User, user }, { d => d.PasswordOnly, passwordOnly }, { d => d.Actor, _actor },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: string done })
        {
            Snackbar.Add(done, Severity.Success);
            await ReloadAsync();
        }
    }

    private Task UnlockAsync(UserSummary user) =>
        RunAsync(user, "user.unlock", (d, actor) => d.UnlockAsync(user.Id, actor, CancellationToken.None), "unlocked");

    private Task EndSessionsAsync(UserSummary user) =>
        RunAsync(user, "user.end-sessions", (d, actor) => d.EndSessionsAsync(user.Id, actor, CancellationToken.None), "signed out everywhere");

    private Task EnableAsync(UserSummary user) =>
        RunAsync(user, "user.enable", (d, actor) => d.SetDisabledAsync(user.Id, false, actor, CancellationToken.None), "enabled");

    private async Task DisableAsync(UserSummary user)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Disable user",
            $"Disable {user.UserName}? They are signed out everywhere within a minute, and their access tokens stop working.",
            yesText: "Disable", cancelText: "Cancel");
        if (confirmed == true)
        {
            await RunAsync(user, "user.disable", (d, actor) => d.SetDisabledAsync(user.Id, true, actor, CancellationToken.None), "disabled");
        }
    }

    private async Task RunAsync(UserSummary user, string action, Func<UserDirectory, AuditActor, Task<UserChangeResult>> change, string done)
    {
        using var span = Access.StartAction("Users", action);
        if (!await AllowedAsync(action, user.Id))
        {
            return;
        }

        await using var scope = Scopes.CreateAsyncScope();
        var result = await change(scope.ServiceProvider.GetRequiredService<UserDirectory>(), _actor!);
        if (result.Succeeded)
        {
            Snackbar.Add($"{user.UserName} {done}.", Severity.Success);
        }
        else
        {
            Snackbar.AddFailure(string.Join(" ", result.Errors.SelectMany(e => e.Value)));
        }

        await ReloadAsync();
    }
}
