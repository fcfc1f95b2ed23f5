using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using Sotp.Console.Identity;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Account;

/// <summary>A user's own personal access tokens: create (shown once), list with last use, revoke.</summary>
public partial class Tokens
{
    private IReadOnlyList<ApiToken>? _tokens;
    private IReadOnlyList<string> _held = [];
    private readonly HashSet<string> _scopes = [];
    private string? _name;
    private int _days = 90;
    private Dictionary<string, string[]> _errors = [];
    private IssuedApiToken? _issued;
    private string? _userId;

    [CascadingParameter]
    public required Task<AuthenticationState> Authentication { get; set; }

    [Inject]
    public required ApiTokenService Service { get; init; }

    [Inject]
    public required PermissionMap Permissions { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required IJSRuntime Js { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        var user = (await Authentication).User;
        _userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var held = await Permissions.PermissionsOfAsync(user.FindAll(ClaimTypes.Role).Select(c => c.Value), CancellationToken.None);
        _held = [.. SotpPermissions.All.Select(p => p.Name).Where(held.Contains)];
        await ReloadAsync();
    }

    private async Task ReloadAsync() => _tokens = _userId is null ? [] : await Service.ListAsync(_userId, CancellationToken.None);

    private void Toggle(string permission, bool on)
    {
        if (on)
        {
            _scopes.Add(permission);
        }
        else
        {
            _scopes.Remove(permission);
        }
    }

    private async Task CreateAsync()
    {
        var actor = await Access.ActorAsync();
        var (issued, errors) = await Service.CreateAsync(_userId!, actor.Roles, new ApiTokenRequest(_name, [.. _scopes], _days), actor, CancellationToken.None);
        _errors = errors;
        if (issued is not null)
        {
            _issued = issued;
            _name = null;
            _scopes.Clear();
            await ReloadAsync();
        }
    }

    private async Task CopyAsync()
    {
        await Js.InvokeVoidAsync("navigator.clipboard.writeText", _issued!.Token);
        Snackbar.Add("Token copied.", Severity.Info);
    }

    private async Task RevokeAsync(ApiToken token)
    {
        await Service.RevokeAsync(token.Id, _userId, await Access.ActorAsync(), CancellationToken.None);
        Snackbar.Add($"Token {token.Name} revoked.", Severity.Success);
        await ReloadAsync();
    }
}
