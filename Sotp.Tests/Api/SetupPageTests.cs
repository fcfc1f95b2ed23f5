using System.Net;
using System.Text.RegularExpressions;
using Sotp.Tests.Support;

namespace Sotp.Tests.Api;

// Each test is a fresh first run without a bootstrap secret.
public sealed partial class SetupPageTests : IAsyncLifetime
{
    private readonly SotpAppFactory _app = SotpAppFactory.WithoutBootstrapAdmin();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _ = _app.Server; // start: the setup link is logged once the host runs
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private string LoggedToken()
    {
        var line = Assert.Single(_app.Logs.Lines, l => l.Contains("one-time setup link", StringComparison.Ordinal));
        return SetupToken().Match(line).Groups[1].Value;
    }

    private static Dictionary<string, string> Fields(string token, string password, string? confirm = null) => new()
    {
        ["Input.Token"] = token,
        ["Input.UserName"] = "admin",
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm ?? password,
    };

    [Fact]
    public async Task The_logged_link_creates_the_administrator_once()
    {
        var token = LoggedToken();
        var page = new SignInPage(_app);
        var password = TestSecrets.NewPassword();

        var result = await page.PostFormAsync($"/setup?token={token}", "setup", Fields(token, password));

        Assert.Equal("redirect:/", result);
        Assert.Equal(HttpStatusCode.OK, (await page.Client.GetAsync("/", Ct)).StatusCode); // signed in straight away
        var again = await new SignInPage(_app).Client.GetStringAsync($"/setup?token={token}", Ct);
        Assert.Contains("already has an administrator", again, StringComparison.Ordinal);
        Assert.Equal("redirect:/", await new SignInPage(_app).PostAsync("admin", password));
    }

    [Fact]
    public async Task The_sign_in_page_points_to_the_setup_link_until_an_administrator_exists()
    {
        var html = await new SignInPage(_app).Client.GetStringAsync("/account/login", Ct);

        Assert.Contains("no administrator yet", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_gets_a_plain_message_and_no_form()
    {
        var html = await new SignInPage(_app).Client.GetStringAsync("/setup?token=guessed", Ct);

        Assert.Contains("not valid", html, StringComparison.Ordinal);
        Assert.DoesNotContain("setup-form", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_common_password_is_refused_at_the_field_and_the_token_stays_valid()
    {
        var token = LoggedToken();
        var page = new SignInPage(_app);

        var html = await page.PostFormAsync($"/setup?token={token}", "setup", Fields(token, "password1234"));

        Assert.Contains("too common", html, StringComparison.Ordinal);
        var retry = await page.PostFormAsync($"/setup?token={token}", "setup", Fields(token, TestSecrets.NewPassword()));
        Assert.Equal("redirect:/", retry);
    }

    [Fact]
    public async Task Mismatched_passwords_are_refused()
    {
        var token = LoggedToken();

        var html = await new SignInPage(_app).PostFormAsync($"/setup?token={token}", "setup",
            Fields(token, TestSecrets.NewPassword(), TestSecrets.NewPassword()));

        Assert.Contains("The two passwords differ.", html, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"setup\?token=([A-Za-z0-9_\-]+)")]
    private static partial Regex SetupToken();
}
