using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sotp.Core.Secrets;

/// <summary>
/// Reads <c>secret://vault/MOUNT/PATH#KEY</c> from HashiCorp Vault's KV version 2 engine over its HTTP API
/// (GET /v1/MOUNT/data/PATH). Logs in by token, Kubernetes service account or AppRole; renews its token
/// (POST /v1/auth/token/renew-self) once two thirds of the lease have passed and logs in again when renewal
/// is refused. Values are cached for <see cref="VaultOptions.CacheSeconds"/>. Errors name the reference and
/// Vault's answer, never a secret.
/// </summary>
public sealed partial class VaultSecretStore(IHttpClientFactory clients, IOptions<VaultOptions> options, TimeProvider time, ILogger<VaultSecretStore> logger)
    : IDisposable
{
    public const string Prefix = "secret://vault/";
    public const string HttpClientName = "vault";

    private readonly SemaphoreSlim _login = new(1, 1);
    private readonly Dictionary<string, (Dictionary<string, string> Values, DateTimeOffset Until)> _cache = [];
    private string? _token;
    private DateTimeOffset _renewAt = DateTimeOffset.MaxValue;
    private DateTimeOffset _expiresAt = DateTimeOffset.MaxValue;

    public async Task<string> ResolveAsync(string reference, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Address))
        {
            throw new SecretException("Vault is not configured (Sotp:Secrets:Vault:Address): use secret://env/ or secret://file/ references.");
        }

        var (mount, path, key) = Parse(reference);
        var values = await ReadAsync(mount, path, cancellationToken);
        return values.TryGetValue(key, out var value)
            ? value
            : throw new SecretException($"Vault has {mount}/{path}, but no key \"{key}\" in it.");
    }

    /// <summary>Splits <c>secret://vault/MOUNT/PATH#KEY</c>.</summary>
    internal static (string Mount, string Path, string Key) Parse(string reference)
    {
        var rest = reference[Prefix.Length..];
        var hash = rest.LastIndexOf('#');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (hash < 0 || slash <= 0 || slash > hash - 2 || hash == rest.Length - 1 || rest.Contains("..", StringComparison.Ordinal))
        {
            throw new SecretException("A Vault reference is secret://vault/MOUNT/PATH#KEY, e.g. secret://vault/secret/network/core#community.");
        }

        return (rest[..slash], rest[(slash + 1)..hash], rest[(hash + 1)..]);
    }

    private async Task<Dictionary<string, string>> ReadAsync(string mount, string path, CancellationToken cancellationToken)
    {
        var cacheKey = mount + "/" + path;
        lock (_cache)
        {
            if (_cache.TryGetValue(cacheKey, out var cached) && cached.Until > time.GetUtcNow())
            {
                return cached.Values;
            }
        }

        using var response = await SendAsync(HttpMethod.Get, $"v1/{Uri.EscapeDataString(mount)}/data/{EscapePath(path)}", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new SecretException($"Vault has no secret at {mount}/{path} (or it was deleted).");
        }

        await ThrowOnErrorAsync(response, $"reading {mount}/{path}", cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<KvResponse>(cancellationToken)
                   ?? throw new SecretException($"Vault answered {mount}/{path} with an empty body.");
        var values = (body.Data?.Data ?? []).ToDictionary(p => p.Key, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
        lock (_cache)
        {
            _cache[cacheKey] = (values, time.GetUtcNow().AddSeconds(options.Value.CacheSeconds));
        }

        return values;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, object? body, CancellationToken cancellationToken, bool retried = false)
    {
        var token = await TokenAsync(cancellationToken);
        using var request = Request(method, relative, body);
        request.Headers.Add("X-Vault-Token", token);
        var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Forbidden && !retried && options.Value.AuthMethod != VaultAuthMethod.Token)
        {
            // The token may have been revoked or expired early: log in once more and try again.
            response.Dispose();
            Forget();
            return await SendAsync(method, relative, body, cancellationToken, retried: true);
        }

        return response;
    }

    private HttpRequestMessage Request(HttpMethod method, string relative, object? body)
    {
        var request = new HttpRequestMessage(method, new Uri(new Uri(options.Value.Address!.TrimEnd('/') + "/"), relative));
        if (!string.IsNullOrEmpty(options.Value.Namespace))
        {
            request.Headers.Add("X-Vault-Namespace", options.Value.Namespace);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private void Forget()
    {
        _token = null;
        _renewAt = _expiresAt = DateTimeOffset.MaxValue;
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        await _login.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_token is not null && now < _renewAt)
            {
                return _token;
            }

            if (_token is not null && now < _expiresAt && await RenewAsync(cancellationToken))
            {
                return _token;
            }

            await LoginAsync(cancellationToken);
            return _token!;
        }
        finally
        {
            _login.Release();
        }
    }

    private async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, "v1/auth/token/renew-self", new { });
        request.Headers.Add("X-Vault-Token", _token);
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            LogRenewRefused(logger, (int)response.StatusCode);
            return false;
        }

        Accept((await response.Content.ReadFromJsonAsync<AuthResponse>(cancellationToken))?.Auth);
        LogRenewed(logger, (_expiresAt - time.GetUtcNow()).TotalSeconds);
        return true;
    }

    private async Task LoginAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.AuthMethod == VaultAuthMethod.Token)
        {
            _token = settings.TokenFile is { Length: > 0 } file ? (await ReadFileAsync(file, "token", cancellationToken))
                : Environment.GetEnvironmentVariable("VAULT_TOKEN") is { Length: > 0 } env ? env
                : throw new SecretException("Vault token authentication needs Sotp:Secrets:Vault:TokenFile or the VAULT_TOKEN environment variable.");
            // A token given to us is renewed as its lease asks; look it up by renewing once.
            _renewAt = _expiresAt = time.GetUtcNow();
            if (!await RenewAsync(cancellationToken))
            {
                _renewAt = _expiresAt = DateTimeOffset.MaxValue; // not renewable (e.g. a root or periodic token): use as is
            }

            return;
        }

        object body = settings.AuthMethod == VaultAuthMethod.Kubernetes
            ? new { role = settings.Role ?? throw new SecretException("Vault Kubernetes authentication needs Sotp:Secrets:Vault:Role."),
                    jwt = await ReadFileAsync(settings.ServiceAccountTokenFile, "service account token", cancellationToken) }
            : new { role_id = await ReadFileAsync(settings.RoleIdFile, "AppRole role id", cancellationToken),
                    secret_id = await ReadFileAsync(settings.SecretIdFile, "AppRole secret id", cancellationToken) };
        var mount = settings.AuthMount ?? (settings.AuthMethod == VaultAuthMethod.Kubernetes ? "kubernetes" : "approle");
        using var request = Request(HttpMethod.Post, $"v1/auth/{Uri.EscapeDataString(mount)}/login", body);
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        await ThrowOnErrorAsync(response, $"logging in ({settings.AuthMethod})", cancellationToken);
        Accept((await response.Content.ReadFromJsonAsync<AuthResponse>(cancellationToken))?.Auth
               ?? throw new SecretException("Vault's login answer carried no token."));
        LogLoggedIn(logger, settings.AuthMethod.ToString(), (_expiresAt - time.GetUtcNow()).TotalSeconds);
    }

    private void Accept(AuthBlock? auth)
    {
        if (auth?.ClientToken is not { Length: > 0 } token)
        {
            throw new SecretException("Vault's answer carried no token.");
        }

        _token = token;
        var now = time.GetUtcNow();
        if (auth.LeaseDuration <= 0)
        {
            _renewAt = _expiresAt = DateTimeOffset.MaxValue;
            return;
        }

        _expiresAt = now.AddSeconds(auth.LeaseDuration);
        _renewAt = auth.Renewable ? now.AddSeconds(auth.LeaseDuration * 2.0 / 3) : _expiresAt.AddSeconds(-Math.Min(30, auth.LeaseDuration / 3.0));
    }

    private static async Task<string> ReadFileAsync(string? path, string what, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(path) ? throw new SecretException($"Vault authentication needs the {what} file; it is not configured.")
        : File.Exists(path) ? (await File.ReadAllTextAsync(path, cancellationToken)).Trim()
        : throw new SecretException($"The Vault {what} file {path} does not exist.");

    private static async Task ThrowOnErrorAsync(HttpResponseMessage response, string doing, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var errors = "";
        try
        {
            errors = string.Join("; ", (await response.Content.ReadFromJsonAsync<ErrorResponse>(cancellationToken))?.Errors ?? []);
        }
        catch (JsonException)
        {
            // not Vault's JSON: the status says enough
        }

        throw new SecretException($"Vault refused {doing}: {(int)response.StatusCode} {errors}".TrimEnd());
    }

    private static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    public void Dispose() => _login.Dispose();

    private sealed record KvResponse([property: JsonPropertyName("data")] KvData? Data);

    private sealed record KvData([property: JsonPropertyName("data")] Dictionary<string, JsonElement>? Data);

    private sealed record AuthResponse([property: JsonPropertyName("auth")] AuthBlock? Auth);

    private sealed record AuthBlock(
        [property: JsonPropertyName("client_token")] string? ClientToken,
        [property: JsonPropertyName("lease_duration")] long LeaseDuration,
        [property: JsonPropertyName("renewable")] bool Renewable);

    private sealed record ErrorResponse([property: JsonPropertyName("errors")] string[]? Errors);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Logged in to Vault ({Method}); token lease {LeaseSeconds:0} s")]
    private static partial void LogLoggedIn(ILogger logger, string method, double leaseSeconds);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Vault token renewed; lease {LeaseSeconds:0} s")]
    private static partial void LogRenewed(ILogger logger, double leaseSeconds);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Vault refused to renew the token ({Status}); logging in again")]
    private static partial void LogRenewRefused(ILogger logger, int status);
}
