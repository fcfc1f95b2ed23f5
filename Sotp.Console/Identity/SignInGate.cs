using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Sotp.Core.Audit;
using Sotp.Core.Security;

namespace Sotp.Console.Identity;

public enum SignInOutcome
{
    Succeeded,
    WrongCredentials,
    LockedOut,
    NotAllowed,
    Throttled,

    /// <summary>The password was right; the authenticator code is still needed.</summary>
    RequiresTwoFactor,
}

/// <summary>What a person or script is told about a refused sign-in, in the same words on the page and in the API.</summary>
public static class SignInMessages
{
    public const string Throttled = "Too many sign-in attempts from your address. Wait a minute, then try again.";
    public const string LockedOut = "This account is locked after too many failed sign-ins. Try again later or ask an administrator to unlock it.";
    public const string Disabled = "This account is disabled. Ask an administrator.";
    public const string WrongPassword = "The user name or password is wrong.";

    /// <summary>The message for a refusal; <paramref name="wrong"/> for a wrong password or code.</summary>
    public static string For(SignInOutcome outcome, string wrong = WrongPassword) => outcome switch
    {
        SignInOutcome.Throttled => Throttled,
        SignInOutcome.LockedOut => LockedOut,
        SignInOutcome.NotAllowed => Disabled,
        _ => wrong,
    };
}

/// <summary>
/// Every password sign-in, from the page or the API, goes through here: a per-address attempt limit, Identity's
/// password check with lockout, and an audit entry for each outcome.
/// </summary>
public sealed partial class SignInGate : IDisposable
{
    private static readonly SotpUser Decoy = new("decoy") { PasswordHash = new PasswordHasher<SotpUser>().HashPassword(new SotpUser("decoy"), Guid.NewGuid().ToString()) };

    private readonly PartitionedRateLimiter<string> _attempts;
    private readonly AuditTrail _audit;
    private readonly ILogger<SignInGate> _logger;

    public SignInGate(IOptions<SecurityOptions> security, AuditTrail audit, ILogger<SignInGate> logger)
    {
        var perMinute = security.Value.SignInAttemptsPerMinute;
        _attempts = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        (_audit, _logger) = (audit, logger);
    }

    /// <summary>Checks the password; with <paramref name="cookie"/> also signs the browser in.</summary>
    public async Task<(SignInOutcome Outcome, SotpUser? User)> SignInAsync(
        HttpContext http, SignInManager<SotpUser> signIn, string userName, string password, bool cookie, string source)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var lease = _attempts.AttemptAcquire(address);
        if (!lease.IsAcquired)
        {
            LogThrottled(_logger, address);
            await RecordAsync(userName, [], source, address, AuditResults.Denied + ": too many sign-in attempts from this address");
            return (SignInOutcome.Throttled, null);
        }

        var user = await signIn.UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            // As slow as checking a real password, so the answer's timing does not tell which user names exist.
            signIn.UserManager.PasswordHasher.VerifyHashedPassword(Decoy, Decoy.PasswordHash!, password);
        }

        var result = user is null ? SignInResult.Failed
            : cookie ? await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true)
            : await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        var outcome = result.Succeeded ? SignInOutcome.Succeeded
            : result.RequiresTwoFactor ? SignInOutcome.RequiresTwoFactor
            : result.IsLockedOut ? SignInOutcome.LockedOut
            : result.IsNotAllowed ? SignInOutcome.NotAllowed
            : SignInOutcome.WrongCredentials;
        var roles = user is null || !result.Succeeded ? [] : await signIn.UserManager.GetRolesAsync(user);
        var detail = outcome switch
        {
            SignInOutcome.Succeeded => AuditResults.Success,
            SignInOutcome.RequiresTwoFactor => AuditResults.Success + ": password; two-factor code asked",
            SignInOutcome.LockedOut => AuditResults.Denied + ": account locked out",
            SignInOutcome.NotAllowed => AuditResults.Denied + ": account disabled",
            _ => AuditResults.Failed(user is null ? "unknown user" : "wrong password"),
        };
        await RecordAsync(user?.UserName ?? userName, [.. roles], source, address, detail);
        return (outcome, outcome == SignInOutcome.Succeeded ? user : null);
    }

    /// <summary>
    /// The second step: an authenticator code (or a recovery code), for the user whose password was accepted (the
    /// browser's two-factor cookie names them), or for <paramref name="scriptUser"/> when a script signs in.
    /// </summary>
    public async Task<(SignInOutcome Outcome, SotpUser? User)> SecondStepAsync(
        HttpContext http, SignInManager<SotpUser> signIn, string code, bool recovery, SotpUser? scriptUser, string source)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var lease = _attempts.AttemptAcquire(address);
        var user = scriptUser ?? await signIn.GetTwoFactorAuthenticationUserAsync();
        if (!lease.IsAcquired || user is null)
        {
            await RecordAsync(user?.UserName ?? "unknown", [], source, address,
                AuditResults.Denied + (user is null ? ": no password step before the code" : ": too many sign-in attempts from this address"));
            return (lease.IsAcquired ? SignInOutcome.WrongCredentials : SignInOutcome.Throttled, null);
        }

        var normalized = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        SignInOutcome outcome;
        if (scriptUser is not null)
        {
            // A script has no two-factor cookie: check the code against the user directly, counting failures toward lockout.
            var valid = await signIn.UserManager.VerifyTwoFactorTokenAsync(user, signIn.Options.Tokens.AuthenticatorTokenProvider, normalized);
            if (!valid)
            {
                await signIn.UserManager.AccessFailedAsync(user);
            }

            outcome = valid ? SignInOutcome.Succeeded : await signIn.UserManager.IsLockedOutAsync(user) ? SignInOutcome.LockedOut : SignInOutcome.WrongCredentials;
        }
        else
        {
            var result = recovery
                ? await signIn.TwoFactorRecoveryCodeSignInAsync(normalized)
                : await signIn.TwoFactorAuthenticatorSignInAsync(normalized, isPersistent: false, rememberClient: false);
            outcome = result.Succeeded ? SignInOutcome.Succeeded : result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.WrongCredentials;
        }

        var roles = outcome == SignInOutcome.Succeeded ? await signIn.UserManager.GetRolesAsync(user) : [];
        await RecordAsync(user.UserName!, [.. roles], source, address, outcome switch
        {
            SignInOutcome.Succeeded => AuditResults.Success + (recovery ? ": with a recovery code" : ": with an authenticator code"),
            SignInOutcome.LockedOut => AuditResults.Denied + ": account locked out",
            _ => AuditResults.Failed(recovery ? "wrong recovery code" : "wrong authenticator code"),
        });
        return (outcome, outcome == SignInOutcome.Succeeded ? user : null);
    }

    private Task RecordAsync(string userName, IReadOnlyList<string> roles, string source, string address, string result) =>
        _audit.WriteAsync(new AuditRecord(new AuditActor(userName.Length > 256 ? userName[..256] : userName, roles, source, address),
            "auth.sign-in", "user", null, userName.Length > 256 ? userName[..256] : userName, Result: result), CancellationToken.None);

    public void Dispose() => _attempts.Dispose();

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Too many sign-in attempts from {Address}: refused for now")]
    private static partial void LogThrottled(ILogger logger, string address);
}
