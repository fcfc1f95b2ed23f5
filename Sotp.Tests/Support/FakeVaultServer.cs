using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sotp.Tests.Support;

/// <summary>
/// A FAKE HashiCorp Vault (Vault itself cannot run here) on 127.0.0.1, following Vault's documented HTTP API
/// for what SOTP uses: KV version 2 reads (GET /v1/MOUNT/data/PATH), AppRole and Kubernetes login
/// (POST /v1/auth/MOUNT/login), token renewal (POST /v1/auth/token/renew-self), X-Vault-Token and
/// X-Vault-Namespace headers, and {"errors": [...]} bodies. Leases run on the given clock.
/// </summary>
public sealed class FakeVaultServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new();

    public FakeVaultServer(TimeProvider time, int leaseSeconds = 30)
    {
        _time = time;
        LeaseSeconds = leaseSeconds;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/auth/{mount}/login", LoginAsync);
        _app.MapPost("/v1/auth/token/renew-self", Renew);
        _app.MapGet("/v1/{mount}/data/{**path}", Read);
    }

    public int LeaseSeconds { get; set; }

    /// <summary>KV v2 data: "mount/path" to key/value pairs.</summary>
    public Dictionary<string, Dictionary<string, string>> Secrets { get; } = [];

    public string RoleId { get; } = Guid.NewGuid().ToString();

    public string SecretId { get; } = Guid.NewGuid().ToString();

    public string ServiceAccountJwt { get; } = "fake-jwt-" + Guid.NewGuid();

    public string? RequiredNamespace { get; set; }

    private int _logins;
    private int _renewals;
    private int _reads;

    public int Logins => Volatile.Read(ref _logins);

    public int Renewals => Volatile.Read(ref _renewals);

    public int Reads => Volatile.Read(ref _reads);

    public Uri Address { get; private set; } = null!;

    public async Task StartAsync()
    {
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>A token Vault issued out of band (for the Token auth method).</summary>
    public string IssueToken()
    {
        var issued = $"hvs.fake{Guid.NewGuid():N}";
        _tokens[issued] = _time.GetUtcNow().AddSeconds(LeaseSeconds);
        return issued;
    }

    public void RevokeAll() => _tokens.Clear();

    private static IResult Error(int status, params string[] errors) => Results.Json(new { errors }, statusCode: status);

    private bool NamespaceOk(HttpContext http) => RequiredNamespace is null || http.Request.Headers["X-Vault-Namespace"] == RequiredNamespace;

    private string? LiveToken(HttpContext http)
    {
        var token = http.Request.Headers["X-Vault-Token"].ToString();
        return _tokens.TryGetValue(token, out var expires) && expires > _time.GetUtcNow() ? token : null;
    }

    private object Auth(string token) => new
    {
        auth = new { client_token = token, accessor = "fake", policies = new[] { "sotp" }, lease_duration = LeaseSeconds, renewable = true },
    };

    private async Task<IResult> LoginAsync(string mount, HttpContext http)
    {
        var body = await JsonDocument.ParseAsync(http.Request.Body);
        var ok = mount switch
        {
            "approle" => body.RootElement.TryGetProperty("role_id", out var r) && r.GetString() == RoleId
                         && body.RootElement.TryGetProperty("secret_id", out var s) && s.GetString() == SecretId,
            "kubernetes" => body.RootElement.TryGetProperty("role", out var role) && role.GetString() == "sotp"
                            && body.RootElement.TryGetProperty("jwt", out var jwt) && jwt.GetString() == ServiceAccountJwt,
            _ => false,
        };
        if (!NamespaceOk(http) || !ok)
        {
            return Error(400, mount == "approle" ? "invalid role or secret ID" : "permission denied");
        }

        Interlocked.Increment(ref _logins);
        return Results.Json(Auth(IssueToken()));
    }

    private IResult Renew(HttpContext http)
    {
        if (LiveToken(http) is not { } token)
        {
            return Error(403, "permission denied");
        }

        Interlocked.Increment(ref _renewals);
        _tokens[token] = _time.GetUtcNow().AddSeconds(LeaseSeconds);
        return Results.Json(Auth(token));
    }

    private IResult Read(string mount, string path, HttpContext http)
    {
        if (!NamespaceOk(http) || LiveToken(http) is null)
        {
            return Error(403, "permission denied");
        }

        Interlocked.Increment(ref _reads);
        return Secrets.TryGetValue($"{mount}/{path}", out var data)
            ? Results.Json(new { data = new { data, metadata = new { version = 1, created_time = _time.GetUtcNow() } } })
            : Error(404);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
