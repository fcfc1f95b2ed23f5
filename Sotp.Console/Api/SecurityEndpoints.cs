using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Sotp.Console.Identity;
using Sotp.Core.Audit;
using Sotp.Core.Security;

namespace Sotp.Console.Api;

/// <summary>Query string of <c>GET /api/v1/audit</c>.</summary>
public sealed class AuditListParameters
{
    public string? User { get; set; }

    public string? Action { get; set; }

    public string? TargetType { get; set; }

    public string? TargetId { get; set; }

    public string? Result { get; set; }

    public DateTimeOffset? From { get; set; }

    public DateTimeOffset? To { get; set; }

    /// <summary>Full-text search over every column.</summary>
    public string? Q { get; set; }

    /// <summary>1-based page number.</summary>
    public int? Page { get; set; }

    public int? PageSize { get; set; }

    public AuditQuery ToQuery() => new()
    {
        User = User, Action = Action, TargetType = TargetType, TargetId = TargetId, Result = Result, From = From, To = To, Text = Q,
        Page = Math.Max((Page ?? 1) - 1, 0), PageSize = Math.Clamp(PageSize ?? 50, 1, AuditQuery.MaxPageSize),
    };
}

public sealed record AuditEntryResponse(long Id, long Sequence, DateTimeOffset At, string Actor, IReadOnlyList<string> Roles, string Source,
    string? ClientIp, string Action, string? TargetType, string? TargetId, string? TargetName, string? Before, string? After, string Result,
    string? TraceId, string Hash)
{
    public static AuditEntryResponse From(AuditEntry e) => new(e.Id, e.Sequence, e.At, e.Actor,
        e.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), e.Source, e.ClientIp, e.Action, e.TargetType, e.TargetId, e.TargetName,
        e.Before, e.After, e.Result, e.TraceId, e.Hash);
}

public sealed record AuditListResponse(IReadOnlyList<AuditEntryResponse> Items, int TotalCount, int Page, int PageSize);

/// <summary>The body of <c>POST /api/v1/users</c>.</summary>
public sealed record CreateUserRequest(string? UserName, string? Password, IReadOnlyList<string>? Roles);

public sealed record RolesRequest(IReadOnlyList<string>? Roles);

public sealed record PasswordRequest(string? Password);

public sealed record PermissionsRequest(IReadOnlyList<string>? Permissions);

public sealed record RoleResponse(string Role, IReadOnlyList<string> Permissions, bool RequireTwoFactor);

public sealed record TwoFactorRequest(bool Required);

public sealed record TokenResponse(int Id, string Name, string Hint, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static TokenResponse From(ApiToken t) => new(t.Id, t.Name, ApiToken.Prefix + t.Hint + "…", t.ScopeList, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt);
}

/// <summary>The answer of <c>POST /api/v1/tokens</c>: the token itself, shown this once.</summary>
public sealed record CreatedTokenResponse(string Token, TokenResponse Details);

/// <summary>Audit trail, users, roles and personal access tokens.</summary>
public static class SecurityEndpoints
{
    public static RouteGroupBuilder MapSecurityApi(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(SotpPermissions.AuditRead);
        audit.MapGet("", ListAuditAsync).WithName("ListAudit").WithSummary("Audit entries, newest first, filtered and paged.");
        audit.MapGet("/verify", VerifyAuditAsync).WithName("VerifyAudit").WithSummary("Walk the hash chain: {valid, checked, firstBrokenId}.");
        audit.MapGet("/export", ExportAuditAsync).WithName("ExportAudit").WithSummary("The filtered entries as CSV (cells made safe for spreadsheets).");

        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization(SotpPermissions.UsersManage);
        users.MapGet("", (UserDirectory directory, CancellationToken ct) => directory.ListAsync(ct)).WithName("ListUsers");
        users.MapPost("", CreateUserAsync).WithName("CreateUser").WithSummary("Create a user with {userName, password, roles[]}.");
        users.MapPut("/{id}/roles", (string id, RolesRequest body, UserDirectory d, HttpContext http, CancellationToken ct) =>
            Answer(d.SetRolesAsync(id, body.Roles ?? [], AuditActors.From(http), ct))).WithName("SetUserRoles");
        users.MapPost("/{id}/disable", (string id, UserDirectory d, HttpContext http, CancellationToken ct) =>
            Answer(d.SetDisabledAsync(id, true, AuditActors.From(http), ct))).WithName("DisableUser");
        users.MapPost("/{id}/enable", (string id, UserDirectory d, HttpContext http, CancellationToken ct) =>
            Answer(d.SetDisabledAsync(id, false, AuditActors.From(http), ct))).WithName("EnableUser");
        users.MapPost("/{id}/unlock", (string id, UserDirectory d, HttpContext http, CancellationToken ct) =>
            Answer(d.UnlockAsync(id, AuditActors.From(http), ct))).WithName("UnlockUser");
        users.MapPost("/{id}/end-sessions", (string id, UserDirectory d, HttpContext http, CancellationToken ct) =>
            Answer(d.EndSessionsAsync(id, AuditActors.From(http), ct))).WithName("EndUserSessions");
        users.MapPut("/{id}/password", (string id, PasswordRequest body, UserDirectory d, HttpContext http, CancellationToken ct) =>
            Answer(d.ResetPasswordAsync(id, body.Password, AuditActors.From(http), ct))).WithName("ResetUserPassword");

        var roles = api.MapGroup("/roles").WithTags("Users");
        roles.MapGet("", ListRolesAsync).WithName("ListRoles").RequireAuthorization(SotpAuthentication.ApiPolicy);
        roles.MapPut("/{role}/permissions", SetPermissionsAsync).WithName("SetRolePermissions").RequireAuthorization(SotpPermissions.SettingsManage);
        roles.MapPut("/{role}/two-factor", SetTwoFactorAsync).WithName("SetRoleTwoFactor").RequireAuthorization(SotpPermissions.SettingsManage)
            .WithSummary("Require (or stop requiring) two-factor sign-in of the role's members: {required}.");

        var tokens = api.MapGroup("/tokens").WithTags("Tokens").RequireAuthorization(SotpAuthentication.ApiPolicy);
        tokens.MapGet("", ListTokensAsync).WithName("ListTokens").WithSummary("Your personal access tokens (never the token itself).");
        tokens.MapPost("", CreateTokenAsync).WithName("CreateToken").WithSummary("Create a token {name, scopes[], expiresInDays}; shown once.");
        tokens.MapDelete("/{id:int}", RevokeTokenAsync).WithName("RevokeToken").WithSummary("Revoke one of your tokens.");
        return api;
    }

    private static async Task<Ok<AuditListResponse>> ListAuditAsync([AsParameters] AuditListParameters parameters, AuditSearch search,
        CancellationToken cancellationToken)
    {
        var query = parameters.ToQuery();
        var page = await search.QueryAsync(query, cancellationToken);
        return TypedResults.Ok(new AuditListResponse([.. page.Items.Select(AuditEntryResponse.From)], page.TotalCount, query.Page + 1, query.PageSize));
    }

    private static async Task<Ok<AuditVerification>> VerifyAuditAsync(AuditTrail audit, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(await audit.VerifyAsync(AuditActors.From(http), cancellationToken));

    private static async Task ExportAuditAsync([AsParameters] AuditListParameters parameters, AuditSearch search, AuditTrail audit, HttpContext http,
        CancellationToken cancellationToken)
    {
        var query = parameters.ToQuery();
        await audit.WriteAsync(new AuditRecord(AuditActors.From(http), "audit.export", After: query), cancellationToken);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"sotp-audit.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
        await AuditCsv.WriteAsync(writer, search.StreamAsync(query, cancellationToken), cancellationToken);
    }

    private static async Task<Results<Created<UserSummary>, ValidationProblem>> CreateUserAsync(CreateUserRequest body, UserDirectory directory,
        HttpContext http, CancellationToken cancellationToken)
    {
        var result = await directory.CreateAsync(body.UserName, body.Password, body.Roles, AuditActors.From(http), cancellationToken);
        return result.User is { } user ? TypedResults.Created($"/api/v1/users/{user.Id}", user) : TypedResults.ValidationProblem(result.Errors);
    }

    private static async Task<Results<Ok<UserSummary>, ValidationProblem>> Answer(Task<UserChangeResult> change)
    {
        var result = await change;
        return result.User is { } user ? TypedResults.Ok(user) : TypedResults.ValidationProblem(result.Errors);
    }

    private static async Task<Ok<RoleResponse[]>> ListRolesAsync(PermissionMap map, CancellationToken cancellationToken)
    {
        var roles = new List<RoleResponse>();
        foreach (var role in SotpRoles.All)
        {
            roles.Add(await RoleAsync(map, role, cancellationToken));
        }

        return TypedResults.Ok(roles.ToArray());
    }

    private static async Task<RoleResponse> RoleAsync(PermissionMap map, string role, CancellationToken cancellationToken)
    {
        var current = await map.CurrentAsync(cancellationToken);
        return new RoleResponse(role, current.TryGetValue(role, out var held) ? [.. held.Order()] : [],
            (await map.TwoFactorRolesAsync(cancellationToken)).Contains(role));
    }

    private static Task<Results<Ok<RoleResponse>, ValidationProblem>> SetTwoFactorAsync(string role, TwoFactorRequest body, PermissionMap map,
        HttpContext http, CancellationToken cancellationToken) => ChangeRoleAsync(map, role, async () =>
        await map.SetTwoFactorRequiredAsync(role, body.Required, AuditActors.From(http), cancellationToken), cancellationToken);

    // Both role changes answer the same way: the role as it is now, or the field that named something unknown.
    private static async Task<Results<Ok<RoleResponse>, ValidationProblem>> ChangeRoleAsync(PermissionMap map, string role, Func<Task> change,
        CancellationToken cancellationToken)
    {
        try
        {
            await change();
        }
        catch (RoleChangeException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [ex.Field] = [ex.Message] });
        }

        return TypedResults.Ok(await RoleAsync(map, role, cancellationToken));
    }

    private static Task<Results<Ok<RoleResponse>, ValidationProblem>> SetPermissionsAsync(string role, PermissionsRequest body, PermissionMap map,
        HttpContext http, CancellationToken cancellationToken) => ChangeRoleAsync(map, role, async () =>
        await map.SetAsync(role, body.Permissions ?? [], AuditActors.From(http), cancellationToken), cancellationToken);

    private static async Task<Ok<TokenResponse[]>> ListTokensAsync(ApiTokenService tokens, UserManager<SotpUser> users, HttpContext http,
        CancellationToken cancellationToken) =>
        TypedResults.Ok((await tokens.ListAsync(users.GetUserId(http.User)!, cancellationToken)).Select(TokenResponse.From).ToArray());

    private static async Task<Results<Created<CreatedTokenResponse>, ValidationProblem, ProblemHttpResult>> CreateTokenAsync(ApiTokenRequest body,
        ApiTokenService tokens, UserManager<SotpUser> users, HttpContext http, CancellationToken cancellationToken)
    {
        if (http.User.HasClaim(c => c.Type == ApiTokenAuthentication.TokenIdClaim))
        {
            // A token cannot mint tokens: a leaked one must not be able to outlive its own revocation.
            return TypedResults.Problem(title: "Not with a token", detail: "Sign in with your password to create access tokens.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        var roles = http.User.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray();
        var (issued, errors) = await tokens.CreateAsync(users.GetUserId(http.User)!, roles, body, AuditActors.From(http), cancellationToken);
        return issued is null
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Created($"/api/v1/tokens/{issued.Record.Id}", new CreatedTokenResponse(issued.Token, TokenResponse.From(issued.Record)));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeTokenAsync(int id, ApiTokenService tokens, UserManager<SotpUser> users, HttpContext http,
        CancellationToken cancellationToken) =>
        await tokens.RevokeAsync(id, users.GetUserId(http.User)!, AuditActors.From(http), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
