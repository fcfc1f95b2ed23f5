using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sotp.Tests.Support;

namespace Sotp.Tests.Api;

public sealed class AuthApiTests : IClassFixture<SotpAppFactory>
{
    private readonly SotpAppFactory _app;

    public AuthApiTests(SotpAppFactory app) => _app = app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Api_routes_answer_401_to_anonymous_callers()
    {
        var response = await _app.CreateClient().GetAsync("/api/v1/me", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Login_returns_a_bearer_token_that_opens_the_api()
    {
        var client = _app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login",
            new { userName = "admin", password = _app.AdminPassword }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var token = body.RootElement.GetProperty("accessToken").GetString();
        Assert.False(string.IsNullOrEmpty(token));
        Assert.Equal(3600, body.RootElement.GetProperty("expiresIn").GetInt64());

        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me", Ct);
        Assert.Equal("admin", me.GetProperty("userName").GetString());
        Assert.Contains("Admin", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_tampered_token_is_refused()
    {
        var client = await _app.CreateBearerClientAsync();
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        client.DefaultRequestHeaders.Authorization = new("Bearer", token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));

        var response = await client.GetAsync("/api/v1/me", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_gets_a_problem_without_hints()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/login",
            new { userName = "admin", password = TestSecrets.NewPassword() }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("user name or password is wrong", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_user_gets_the_same_answer_as_a_wrong_password()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/login",
            new { userName = "nobody-here", password = TestSecrets.NewPassword() }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("user name or password is wrong", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_gets_a_400_problem()
    {
        var response = await _app.CreateClient().PostAsync("/api/v1/auth/login",
            new StringContent("{\"userName\": \"admin\", \"password\": ", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Missing_fields_get_a_validation_problem_naming_them()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { userName = "" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("userName", out _));
        Assert.True(errors.TryGetProperty("password", out _));
    }
}
