using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Sotp.Console.Identity;
using Sotp.Core.Audit;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Account;

/// <summary>
/// Setting up (or turning off) an authenticator for two-factor sign-in: a static page, so that the session
/// cookie can be renewed at once when the security stamp changes. Each change is audited.
/// </summary>
public partial class TwoFactor
{
    private SotpUser _user = null!;
    private bool _enabled;
    private bool _required;
    private int _recoveryLeft;
    private string? _key;
    private string? _uri;
    private string[]? _recoveryCodes;
    private string? _error;

    [CascadingParameter]
    public required HttpContext HttpContext { get; set; }

    [SupplyParameterFromForm]
    public string? Code { get; set; }

    [Inject]
    public required UserManager<SotpUser> Users { get; init; }

    [Inject]
    public required SignInManager<SotpUser> SignIn { get; init; }

    [Inject]
    public required PermissionMap Permissions { get; init; }

    [Inject]
    public required AuditTrail Audit { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _user = await Users.GetUserAsync(HttpContext.User) ?? throw new InvalidOperationException("The signed-in user no longer exists.");
        _enabled = _user.TwoFactorEnabled;
        _recoveryLeft = await Users.CountRecoveryCodesAsync(_user);
        _required = await Permissions.RequiresTwoFactorAsync(await Users.GetRolesAsync(_user), CancellationToken.None);
        if (!_enabled && HttpMethods.IsPost(HttpContext.Request.Method))
        {
            await ShowKeyAsync();
        }
    }

    private async Task StartAsync()
    {
        await Users.ResetAuthenticatorKeyAsync(_user);
        await ShowKeyAsync();
        await SignIn.RefreshSignInAsync(_user);
    }

    private async Task ShowKeyAsync()
    {
        _key = await Users.GetAuthenticatorKeyAsync(_user);
        _uri = _key is null ? null
            : $"otpauth://totp/SOTP:{Uri.EscapeDataString(_user.UserName!)}?secret={_key}&issuer=SOTP&digits=6";
    }

    private async Task VerifyAsync()
    {
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await Users.VerifyTwoFactorTokenAsync(_user, Users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            _error = "That code is not right. Check the time on your phone and try the next code.";
            await Audit.WriteAsync(new AuditRecord(Actor(), "user.two-factor", "user", _user.Id, _user.UserName, Result: AuditResults.Failed("wrong code at set-up")), CancellationToken.None);
            return;
        }

        await Users.SetTwoFactorEnabledAsync(_user, true);
        _recoveryCodes = [.. await Users.GenerateNewTwoFactorRecoveryCodesAsync(_user, 10) ?? []];
        _enabled = true;
        await Audit.WriteAsync(new AuditRecord(Actor(), "user.two-factor", "user", _user.Id, _user.UserName, new { enabled = false }, new { enabled = true }), CancellationToken.None);
        // The code just proved the authenticator: this session counts as a two-factor sign-in from now on.
        await SignIn.SignInWithClaimsAsync(_user, isPersistent: false, [new Claim("amr", "mfa")]);
    }

    private async Task TurnOffAsync()
    {
        if (_required)
        {
            _error = "Your role requires two-factor sign-in: it cannot be turned off.";
            return;
        }

        await Users.SetTwoFactorEnabledAsync(_user, false);
        await Users.ResetAuthenticatorKeyAsync(_user);
        _enabled = false;
        await Audit.WriteAsync(new AuditRecord(Actor(), "user.two-factor", "user", _user.Id, _user.UserName, new { enabled = true }, new { enabled = false }), CancellationToken.None);
        await SignIn.RefreshSignInAsync(_user);
    }

    private AuditActor Actor() => AuditActors.From(HttpContext);

    private static string FormatKey(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return text.ToString().TrimEnd().ToLowerInvariant();
    }
}
