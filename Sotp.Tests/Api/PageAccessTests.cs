using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Tests.Support;

namespace Sotp.Tests.Api;

public sealed class PageAccessTests : IClassFixture<SotpAppFactory>
{
    private readonly SotpAppFactory _app;

    public PageAccessTests(SotpAppFactory app) => _app = app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient NoRedirects() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/")]
    [InlineData("/?view=compact&page=2")]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_back(string path)
    {
        var response = await NoRedirects().GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        Assert.Contains("returnUrl=" + Uri.EscapeDataString(path), response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_on_the_page_returns_to_the_page_asked_for()
    {
        var page = new SignInPage(_app);

        var result = await page.PostAsync("admin", _app.AdminPassword!, returnUrl: "/?view=compact");

        Assert.Equal("redirect:/?view=compact", result);
        var dashboard = await page.Client.GetStringAsync("/", Ct);
        Assert.Contains("Dashboard", dashboard, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task Sign_in_never_redirects_off_site(string returnUrl)
    {
        var result = await new SignInPage(_app).PostAsync("admin", _app.AdminPassword!, returnUrl);

        Assert.Equal("redirect:/", result);
    }

    [Fact]
    public async Task A_wrong_password_on_the_page_shows_a_plain_message()
    {
        var html = await new SignInPage(_app).PostAsync("admin", "not-the-password-at-all");

        Assert.Contains("The user name or password is wrong.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-at-all", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_needs_the_antiforgery_token()
    {
        var page = new SignInPage(_app);
        await page.PostAsync("admin", _app.AdminPassword!);

        var forged = await page.Client.PostAsync("/account/logout", new FormUrlEncodedContent([]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await page.Client.GetAsync("/", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("/register")]
    [InlineData("/account/register")]
    [InlineData("/Account/Register")]
    [InlineData("/Identity/Account/Register")]
    [InlineData("/api/v1/auth/register")]
    [InlineData("/api/v1/register")]
    [InlineData("/signup")]
    public async Task There_is_no_self_registration(string path)
    {
        var client = await _app.CreateBearerClientAsync();

        var get = await client.GetAsync(path, Ct);
        var post = await client.PostAsync(path, new StringContent("{}"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        // A POST to an unknown path re-executes the not-found page, whose form handling refuses the
        // missing antiforgery token: 400. Either way nothing is created.
        Assert.True(post.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest,
            $"POST {path}: {post.StatusCode}");
    }

    [Fact]
    public void No_endpoint_offers_sign_up()
    {
        var routes = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText ?? "").ToArray();

        Assert.NotEmpty(routes);
        Assert.DoesNotContain(routes, r => r.Contains("regist", StringComparison.OrdinalIgnoreCase) ||
                                            r.Contains("signup", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("/account/login?signedOut=maybe")]
    [InlineData("/account/login?returnUrl=%00%ff")]
    [InlineData("/setup?token=%27%22%3Cscript%3E")]
    public async Task Hand_edited_queries_never_break_the_account_pages(string url)
    {
        var response = await NoRedirects().GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_page_shows_the_not_found_page()
    {
        var page = new SignInPage(_app);
        await page.PostAsync("admin", _app.AdminPassword!);

        var response = await page.Client.GetAsync("/no/such/page", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Nothing here", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
