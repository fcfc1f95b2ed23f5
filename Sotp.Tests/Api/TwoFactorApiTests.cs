using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Core.Security;
using Sotp.Tests.Support;

namespace Sotp.Tests.Api;

/// <summary>Scripts signing in as users with an authenticator, and roles that require one.</summary>
public sealed class TwoFactorApiTests : IClassFixture<SotpAppFactory>
{
    private readonly SotpAppFactory _app;

    public TwoFactorApiTests(SotpAppFactory app) => _app = app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> EnrollAsync(string userName)
    {
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SotpUser>>();
        var user = (await users.FindByNameAsync(userName))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    private Task<HttpResponseMessage> LoginAsync(string userName, string password, string? code = null) =>
        _app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { userName, password, twoFactorCode = code }, Ct);

    [Fact]
    public async Task A_user_with_an_authenticator_needs_the_current_code()
    {
        var password = await _app.CreateUserAsync("totp-engineer", SotpRoles.Engineer);
        var key = await EnrollAsync("totp-engineer");

        var withoutCode = await LoginAsync("totp-engineer", password);
        var wrongCode = await LoginAsync("totp-engineer", password, Totp.Code(key) == "000000" ? "111111" : "000000");
        var rightCode = await LoginAsync("totp-engineer", password, Totp.Code(key));

        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Contains("twoFactorCode", await withoutCode.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightCode.StatusCode);
        var admin = await _app.CreateBearerClientAsync();
        var results = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?user=totp-engineer&action=auth.sign-in", Ct)).GetProperty("items")
            .EnumerateArray().Select(e => e.GetProperty("result").GetString()).ToArray();
        Assert.Contains("failure: wrong authenticator code", results);
        Assert.Contains("success: with an authenticator code", results);
    }

    [Fact]
    public async Task A_role_that_requires_two_factor_refuses_members_without_an_authenticator()
    {
        var password = await _app.CreateUserAsync("totp-manager", SotpRoles.Manager);
        var admin = await _app.CreateBearerClientAsync();

        var set = await admin.PutAsJsonAsync("/api/v1/roles/Manager/two-factor", new { required = true }, Ct);
        try
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            Assert.True((await set.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("requireTwoFactor").GetBoolean());
            var refused = await LoginAsync("totp-manager", password);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("set up an authenticator", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

            var key = await EnrollAsync("totp-manager");
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync("totp-manager", password, Totp.Code(key))).StatusCode);
        }
        finally
        {
            await admin.PutAsJsonAsync("/api/v1/roles/Manager/two-factor", new { required = false }, Ct);
        }
    }
}
