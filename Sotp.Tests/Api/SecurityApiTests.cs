using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Core.Persistence;
using Sotp.Core.Security;
using Sotp.Tests.Support;

namespace Sotp.Tests.Api;

/// <summary>Users, role permissions, access tokens and the audit API, as scripts use them.</summary>
public sealed class SecurityApiTests : IClassFixture<SotpAppFactory>
{
    private readonly SotpAppFactory _app;

    public SecurityApiTests(SotpAppFactory app) => _app = app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> AuditAsync(HttpClient admin, string query)
    {
        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?{query}", Ct);
        return page.GetProperty("items");
    }

    private HttpClient TokenClient(string token)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task An_admin_creates_a_user_who_can_then_sign_in_and_the_creation_is_audited()
    {
        var admin = await _app.CreateBearerClientAsync();
        var password = TestSecrets.NewPassword();

        var created = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "api-made-engineer", password, roles = new[] { "Engineer" } }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var engineer = await _app.CreateBearerClientAsync("api-made-engineer", password);
        Assert.Equal(HttpStatusCode.OK, (await engineer.GetAsync("/api/v1/devices", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.GetAsync("/api/v1/users", Ct)).StatusCode);
        var entry = (await AuditAsync(admin, "action=user.create&q=api-made-engineer"))[0];
        Assert.Equal("admin", entry.GetProperty("actor").GetString());
        Assert.Equal("API", entry.GetProperty("source").GetString());
        Assert.Contains("Engineer", entry.GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, (await admin.GetStringAsync("/api/v1/audit?pageSize=500", Ct)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weak_password_or_unknown_role_is_refused_by_field()
    {
        var admin = await _app.CreateBearerClientAsync();

        var weak = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "weakling", password = new string('x', PasswordPolicy.MinimumLength - 1), roles = new[] { "Engineer" } }, Ct);
        var role = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "roleless", password = TestSecrets.NewPassword(), roles = new[] { "Wizard" } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.True((await weak.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("password", out _));
        Assert.True((await role.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("roles", out _));
    }

    [Fact]
    public async Task Sign_ins_are_audited_with_their_outcome()
    {
        var admin = await _app.CreateBearerClientAsync();
        var anonymous = _app.CreateClient();

        await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password = TestSecrets.NewPassword() }, Ct);

        var entries = await AuditAsync(admin, "action=auth.sign-in&user=admin");
        Assert.Contains(entries.EnumerateArray(), e => e.GetProperty("result").GetString() == "failure: wrong password");
        Assert.Contains(entries.EnumerateArray(), e => e.GetProperty("result").GetString() == "success");
    }

    [Fact]
    public async Task A_token_does_what_its_scope_allows_and_no_more()
    {
        var password = await _app.CreateUserAsync("token-engineer", SotpRoles.Engineer);
        var engineer = await _app.CreateBearerClientAsync("token-engineer", password);
        var response = await engineer.PostAsJsonAsync("/api/v1/tokens", new { name = "inventory-reader", scopes = new[] { "devices.read" }, expiresInDays = 30 }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var token = body.GetProperty("token").GetString()!;
        Assert.StartsWith(ApiToken.Prefix, token, StringComparison.Ordinal);

        var script = TokenClient(token);

        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/v1/devices", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await script.PostAsJsonAsync("/api/v1/devices", new { name = "x", address = "127.0.0.1", kind = "router" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await script.PostAsJsonAsync("/api/v1/tokens", new { name = "child", scopes = new[] { "devices.read" } }, Ct)).StatusCode);
        var listed = await engineer.GetFromJsonAsync<JsonElement>("/api/v1/tokens", Ct);
        Assert.DoesNotContain(token, listed.GetRawText(), StringComparison.Ordinal);
        Assert.NotEqual(JsonValueKind.Null, listed[0].GetProperty("lastUsedAt").ValueKind);

        var tampered = TokenClient(token[..^2] + (token[^2..] == "AA" ? "BB" : "AA"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await tampered.GetAsync("/api/v1/devices", Ct)).StatusCode);

        var id = body.GetProperty("details").GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await engineer.DeleteAsync($"/api/v1/tokens/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/v1/devices", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var password = await _app.CreateUserAsync("token-expiring", SotpRoles.Engineer);
        var engineer = await _app.CreateBearerClientAsync("token-expiring", password);
        var body = await (await engineer.PostAsJsonAsync("/api/v1/tokens", new { name = "short-lived", scopes = new[] { "devices.read" }, expiresInDays = 1 }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        var script = TokenClient(body.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/v1/devices", Ct)).StatusCode);

        // A day later (moved in the database: the app runs on the real clock).
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<SotpDbContext>>().CreateDbContextAsync(Ct))
        {
            var id = body.GetProperty("details").GetProperty("id").GetInt32();
            var token = await db.ApiTokens.SingleAsync(t => t.Id == id, Ct);
            token.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/v1/devices", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_token_cannot_be_scoped_beyond_its_owner_and_the_attempt_is_audited()
    {
        var password = await _app.CreateUserAsync("token-manager", SotpRoles.Manager);
        var manager = await _app.CreateBearerClientAsync("token-manager", password);

        var response = await manager.PostAsJsonAsync("/api/v1/tokens", new { name = "sneaky", scopes = new[] { "devices.read", "devices.write" } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("devices.write", problem.GetProperty("errors").GetProperty("scopes")[0].GetString(), StringComparison.Ordinal);
        var admin = await _app.CreateBearerClientAsync();
        var entry = (await AuditAsync(admin, "action=token.create&user=token-manager"))[0];
        Assert.StartsWith("failure", entry.GetProperty("result").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_user_can_neither_sign_in_nor_use_a_token()
    {
        var password = await _app.CreateUserAsync("soon-disabled", SotpRoles.Engineer);
        var user = await _app.CreateBearerClientAsync("soon-disabled", password);
        var token = (await (await user.PostAsJsonAsync("/api/v1/tokens", new { name = "cron", scopes = new[] { "devices.read" } }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString()!;
        var admin = await _app.CreateBearerClientAsync();
        var id = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/users", Ct)).EnumerateArray()
            .Single(u => u.GetProperty("userName").GetString() == "soon-disabled").GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/users/{id}/disable", null, Ct)).StatusCode);

        var login = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { userName = "soon-disabled", password }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenClient(token).GetAsync("/api/v1/devices", Ct)).StatusCode);
        // The hour-long bearer token from before the disable stops working too.
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/v1/devices", Ct)).StatusCode);
        Assert.Equal("user.disable", (await AuditAsync(admin, $"targetId={id}"))[0].GetProperty("action").GetString());
    }

    [Fact]
    public async Task The_last_admin_cannot_be_disabled()
    {
        var admin = await _app.CreateBearerClientAsync();
        var id = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/users", Ct)).EnumerateArray()
            .Single(u => u.GetProperty("userName").GetString() == "admin").GetProperty("id").GetString();

        var response = await admin.PostAsync($"/api/v1/users/{id}/disable", null, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("Wizard", "permissions", "role")]
    [InlineData("Auditor", "permissions", "permissions")]
    [InlineData("Wizard", "two-factor", "role")]
    public async Task A_role_change_naming_something_unknown_is_refused_by_field(string role, string what, string field)
    {
        var admin = await _app.CreateBearerClientAsync();

        var response = what == "permissions"
            ? await admin.PutAsJsonAsync($"/api/v1/roles/{role}/permissions", new { permissions = new[] { "devices.read", "devices.teleport" } }, Ct)
            : await admin.PutAsJsonAsync($"/api/v1/roles/{role}/two-factor", new { required = true }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty(field)[0].GetString();
        Assert.StartsWith("There is no", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Taking_a_permission_from_a_role_applies_at_once()
    {
        var password = await _app.CreateUserAsync("perm-auditor", SotpRoles.Auditor);
        var auditor = await _app.CreateBearerClientAsync("perm-auditor", password);
        var admin = await _app.CreateBearerClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/v1/audit/verify", Ct)).StatusCode);

        var changed = await admin.PutAsJsonAsync("/api/v1/roles/Auditor/permissions", new { permissions = new[] { "devices.read", "reports.export" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        try
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync("/api/v1/audit/verify", Ct)).StatusCode);
            var entry = (await AuditAsync(admin, "action=role.permissions"))[0];
            Assert.Contains("audit.read", entry.GetProperty("before").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("audit.read", entry.GetProperty("after").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await admin.PutAsJsonAsync("/api/v1/roles/Auditor/permissions", new { permissions = SotpPermissions.Defaults[SotpRoles.Auditor] }, Ct);
        }
    }

    [Fact]
    public async Task The_audit_chain_verifies_and_exports_without_live_formulas()
    {
        var admin = await _app.CreateBearerClientAsync();
        await admin.PostAsJsonAsync("/api/v1/devices", new { name = "=HYPERLINK(\"http://192.0.2.1\")", address = "127.0.0.1", kind = "router" }, Ct);

        var verdict = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify", Ct);
        var csv = await admin.GetStringAsync("/api/v1/audit/export?action=device.create", Ct);

        Assert.True(verdict.GetProperty("valid").GetBoolean());
        Assert.True(verdict.GetProperty("checked").GetInt64() > 0);
        Assert.DoesNotContain(",=", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\n=", csv, StringComparison.Ordinal);
    }
}

/// <summary>The sign-in limit per address, on an app of its own (others raise it).</summary>
public sealed class SignInThrottleTests
{
    [Fact]
    public async Task Too_many_sign_ins_from_one_address_get_429_and_are_audited()
    {
        await using var app = new SotpAppFactory().With("Sotp:Security:SignInAttemptsPerMinute", "3");
        var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add((await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "nobody-here", password = TestSecrets.NewPassword() }, ct)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
    }
}
