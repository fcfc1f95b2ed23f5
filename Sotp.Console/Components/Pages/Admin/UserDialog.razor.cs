using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Identity;
using Sotp.Core.Audit;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Admin;

/// <summary>Add a user (name, password, roles), change a user's roles, or set a new password.</summary>
public partial class UserDialog
{
    private string? _userName;
    private string? _password;
    private HashSet<string> _roles = [];
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private bool _saving;

    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    [Parameter]
    public UserSummary? User { get; set; }

    [Parameter]
    public bool PasswordOnly { get; set; }

    [Parameter, EditorRequired]
    public required AuditActor? Actor { get; set; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required IServiceScopeFactory Scopes { get; init; }

    protected override void OnInitialized() => _roles = [.. User?.Roles ?? []];

    private void Toggle(string role, bool on)
    {
        if (!on || !_roles.Add(role))
        {
            _roles.Remove(role);
        }
    }

    private async Task SaveAsync()
    {
        using var span = Access.StartAction("Users", User is null ? "add" : PasswordOnly ? "reset password" : "set roles");
        _saving = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var directory = scope.ServiceProvider.GetRequiredService<UserDirectory>();
            var roles = SotpRoles.All.Where(_roles.Contains).ToArray();
            var result = User is null ? await directory.CreateAsync(_userName, _password, roles, Actor!, CancellationToken.None)
                : PasswordOnly ? await directory.ResetPasswordAsync(User.Id, _password, Actor!, CancellationToken.None)
                : await directory.SetRolesAsync(User.Id, roles, Actor!, CancellationToken.None);
            _errors = result.Errors;
            if (result.User is { } saved)
            {
                Dialog.Close(DialogResult.Ok(User is null ? $"{saved.UserName} added." : PasswordOnly ? $"Password of {saved.UserName} reset." : $"Roles of {saved.UserName} saved."));
            }
        }
        finally
        {
            _saving = false;
        }
    }
}
