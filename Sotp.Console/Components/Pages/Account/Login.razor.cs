using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Sotp.Console.Identity;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Account;

/// <summary>
/// The sign-in page, rendered statically so it can set the session cookie. Failures count toward lockout.
/// </summary>
public partial class Login
{
    private string? _error;
    private string? _notice;

    [CascadingParameter]
    public required HttpContext HttpContext { get; set; }

    [SupplyParameterFromForm(FormName = LoginForm.FormName)]
    public LoginInput? Input { get; set; }

    [SupplyParameterFromQuery(Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    // A string, not a bool: a hand-edited query must never break the sign-in page.
    [SupplyParameterFromQuery(Name = "signedOut")]
    public string? SignedOut { get; set; }

    /// <summary>"1" when an open page lost its session (idle, signed out elsewhere, account changed).</summary>
    [SupplyParameterFromQuery(Name = "ended")]
    public string? Ended { get; set; }

    [Inject]
    public required SignInManager<SotpUser> SignIn { get; init; }

    [Inject]
    public required AdministratorBootstrap Bootstrap { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required SignInGate Gate { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new LoginInput();
        if (!HttpMethods.IsGet(HttpContext.Request.Method))
        {
            return;
        }

        if (HttpContext.User.Identity?.IsAuthenticated == true)
        {
            Navigation.NavigateTo(LocalReturnUrl());
            return;
        }

        if (SignedOut == "1")
        {
            _notice = "You are signed out.";
        }
        else if (Ended == "1")
        {
            _notice = "Your session ended: it was idle too long, signed out elsewhere, or your account was changed. Sign in again.";
        }
        else if (!await Bootstrap.AdministratorExistsAsync())
        {
            _notice = "SOTP has no administrator yet. Open the one-time setup link printed in the server log.";
        }
    }

    private async Task SignInAsync()
    {
        var input = Input!;
        var (outcome, _) = await Gate.SignInAsync(HttpContext, SignIn, input.UserName, input.Password, cookie: true, "UI");
        if (outcome == SignInOutcome.Succeeded)
        {
            Navigation.NavigateTo(LocalReturnUrl());
            return;
        }

        if (outcome == SignInOutcome.RequiresTwoFactor)
        {
            Navigation.NavigateTo($"account/login-2fa?returnUrl={Uri.EscapeDataString(LocalReturnUrl())}");
            return;
        }

        input.Password = "";
        _error = SignInMessages.For(outcome);
    }

    // Only paths on this site: never an absolute or protocol-relative URL (no open redirect).
    private string LocalReturnUrl() => IsLocalPath(ReturnUrl) ? ReturnUrl! : "/";

    internal static bool IsLocalPath(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' &&
        (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
