using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Sotp.Console.Components.Controls;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Layout;

/// <summary>The console shell: app bar, navigation drawer, theme and an error boundary around each page.</summary>
public partial class MainLayout : IDisposable
{
    private bool _drawerOpen = true;
    private bool _darkMode = true;
    private string? _userId;
    private SotpErrorBoundary? _errorBoundary;

    private bool _twoFactorMissing;

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    public required UserPreferenceStore Preferences { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required PermissionMap Permissions { get; init; }

    [Inject]
    public required Sotp.Console.Identity.UserCircuits Circuits { get; init; }

    protected override async Task OnInitializedAsync()
    {
        // A page that failed gets a fresh start when the person navigates elsewhere.
        Navigation.LocationChanged += RecoverOnNavigation;
        if (AuthenticationState is null)
        {
            return;
        }

        var user = (await AuthenticationState).User;
        _userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (_userId is not null)
        {
            _darkMode = await Preferences.GetDarkModeAsync(_userId, CancellationToken.None);
        }

        // A role that requires two-factor sign-in: until this session was signed in with a code, only the set-up page.
        _twoFactorMissing = !user.HasClaim("amr", "mfa")
                            && await Permissions.RequiresTwoFactorAsync(user.FindAll(ClaimTypes.Role).Select(c => c.Value), CancellationToken.None);
    }

    public void Dispose()
    {
        Navigation.LocationChanged -= RecoverOnNavigation;
        GC.SuppressFinalize(this);
    }

    private void RecoverOnNavigation(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e) =>
        _errorBoundary?.Recover();

    private ConsoleTheme Theme => _darkMode ? ConsoleTheme.Dark : ConsoleTheme.Light;

    private string ThemeToggleLabel => _darkMode ? "Switch to light mode" : "Switch to dark mode";

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private async Task ToggleDarkModeAsync()
    {
        _darkMode = !_darkMode;
        if (_userId is not null)
        {
            await Preferences.SetDarkModeAsync(_userId, _darkMode, CancellationToken.None);
        }
    }
}
