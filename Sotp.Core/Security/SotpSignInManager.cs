using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sotp.Core.Security;

/// <summary>Identity's sign-in, refusing accounts an Admin disabled (the answer is "not allowed", as for unconfirmed ones).</summary>
public sealed class SotpSignInManager(
    UserManager<SotpUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<SotpUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<SotpUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<SotpUser> confirmation)
    : SignInManager<SotpUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(SotpUser user) => user.DisabledAt is null && await base.CanSignInAsync(user);
}
