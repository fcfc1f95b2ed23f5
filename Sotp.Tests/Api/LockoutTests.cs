using System.Net;
using System.Net.Http.Json;
using Sotp.Tests.Support;

namespace Sotp.Tests.Api;

// Its own app: locking the admin out must not disturb the other API tests.
public sealed class LockoutTests : IAsyncLifetime
{
    private readonly SotpAppFactory _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_sixth_attempt_is_locked_out_even_with_the_right_password()
    {
        var client = _app.CreateClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password = $"wrong-password-{attempt}" }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // The fifth failure locks the account, and says so.
        var fifth = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password = TestSecrets.NewPassword() }, Ct);
        Assert.Equal((HttpStatusCode)423, fifth.StatusCode);

        var sixth = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password = _app.AdminPassword }, Ct);

        Assert.Equal((HttpStatusCode)423, sixth.StatusCode);
        Assert.Contains("locked", await sixth.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sign_in_page_locks_out_too_and_says_so()
    {
        var pages = new SignInPage(_app);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await pages.PostAsync("admin", $"wrong-password-{attempt}");
            Assert.Contains("user name or password is wrong", wrong, StringComparison.Ordinal);
        }

        Assert.Contains("locked after too many failed sign-ins", await pages.PostAsync("admin", "wrong-password-5"), StringComparison.Ordinal);

        var sixth = await pages.PostAsync("admin", _app.AdminPassword!);

        Assert.Contains("locked after too many failed sign-ins", sixth, StringComparison.Ordinal);
    }
}
