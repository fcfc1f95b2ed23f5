using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
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

    [Inject]
    public required SignInManager<SotpUser> SignIn { get; init; }

    [Inject]
    public required AdministratorBootstrap Bootstrap { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required ILogger<Login> Logger { get; init; }

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
        else if (!await Bootstrap.AdministratorExistsAsync())
        {
            _notice = "SOTP has no administrator yet. Open the one-time setup link printed in the server log.";
        }
    }

    private async Task SignInAsync()
    {
        var input = Input!;
        var result = await SignIn.PasswordSignInAsync(input.UserName, input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            LogSignedIn(Logger, input.UserName);
            Navigation.NavigateTo(LocalReturnUrl());
            return;
        }

        input.Password = "";
        if (result.IsLockedOut)
        {
            LogSignInFailed(Logger, input.UserName, "locked out");
            _error = "This account is locked after too many failed sign-ins. Try again later or ask an administrator to unlock it.";
        }
        else if (result.IsNotAllowed)
        {
            LogSignInFailed(Logger, input.UserName, "not allowed");
            _error = "This account is not allowed to sign in. Ask an administrator.";
        }
        else
        {
            LogSignInFailed(Logger, input.UserName, "wrong user name or password");
            _error = "The user name or password is wrong.";
        }
    }

    // Only paths on this site: never an absolute or protocol-relative URL (no open redirect).
    private string LocalReturnUrl() => IsLocalPath(ReturnUrl) ? ReturnUrl! : "/";

    internal static bool IsLocalPath(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' &&
        (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "User '{UserName}' signed in")]
    private static partial void LogSignedIn(ILogger logger, string userName);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Sign-in failed for '{UserName}': {Reason}")]
    private static partial void LogSignInFailed(ILogger logger, string userName, string reason);
}
