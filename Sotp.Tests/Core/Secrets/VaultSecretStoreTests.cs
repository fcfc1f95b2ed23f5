using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sotp.Core.Secrets;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Secrets;

/// <summary>SOTP's Vault client against a FAKE Vault that follows Vault's documented HTTP API (Vault cannot run here).</summary>
public sealed class VaultSecretStoreTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private readonly TempDirectory _folder = new("sotp-vault");
    private readonly ServiceProvider _http = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    private readonly FakeVaultServer _vault;

    public VaultSecretStoreTests()
    {
        _vault = new FakeVaultServer(_time, leaseSeconds: 30);
        _vault.Secrets["secret/network/core"] = new() { ["community"] = "core-community-from-vault", ["enable"] = "en-secret" };
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _vault.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _vault.DisposeAsync();
        await _http.DisposeAsync();
        _folder.Dispose();
    }

    private VaultSecretStore Store(VaultOptions options)
    {
        options.Address ??= _vault.Address.ToString();
        return new VaultSecretStore(_http.GetRequiredService<IHttpClientFactory>(), Options.Create(options), _time, NullLogger<VaultSecretStore>.Instance);
    }

    private VaultOptions AppRole()
    {
        File.WriteAllText(_folder.File("role-id"), _vault.RoleId);
        File.WriteAllText(_folder.File("secret-id"), _vault.SecretId + "\n");
        return new VaultOptions { AuthMethod = VaultAuthMethod.AppRole, RoleIdFile = _folder.File("role-id"), SecretIdFile = _folder.File("secret-id") };
    }

    [Fact]
    public async Task Fake_vault_AppRole_login_reads_a_kv2_secret_and_caches_it()
    {
        using var store = Store(AppRole());

        Assert.Equal("core-community-from-vault", await store.ResolveAsync("secret://vault/secret/network/core#community", Ct));
        Assert.Equal("en-secret", await store.ResolveAsync("secret://vault/secret/network/core#enable", Ct));

        Assert.Equal((1, 1), (_vault.Logins, _vault.Reads));
        _time.Advance(TimeSpan.FromSeconds(61));
        await store.ResolveAsync("secret://vault/secret/network/core#community", Ct);
        Assert.Equal(2, _vault.Reads);
    }

    [Fact]
    public async Task Fake_vault_Kubernetes_login_uses_the_service_account_token_and_the_namespace()
    {
        File.WriteAllText(_folder.File("sa-token"), _vault.ServiceAccountJwt);
        _vault.RequiredNamespace = "netops";
        using var store = Store(new VaultOptions
        {
            AuthMethod = VaultAuthMethod.Kubernetes, Role = "sotp", ServiceAccountTokenFile = _folder.File("sa-token"), Namespace = "netops",
        });

        Assert.Equal("core-community-from-vault", await store.ResolveAsync("secret://vault/secret/network/core#community", Ct));
    }

    [Fact]
    public async Task Fake_vault_token_is_renewed_before_its_lease_ends_and_replaced_when_revoked_or_expired()
    {
        var options = AppRole();
        options.CacheSeconds = 0;
        using var store = Store(options);
        const string reference = "secret://vault/secret/network/core#community";
        await store.ResolveAsync(reference, Ct);

        // Past two thirds of the 30 s lease: the token is renewed, not replaced.
        _time.Advance(TimeSpan.FromSeconds(21));
        await store.ResolveAsync(reference, Ct);
        Assert.Equal((1, 1), (_vault.Logins, _vault.Renewals));

        // Revoked behind our back: the read is refused, SOTP logs in again and reads.
        _vault.RevokeAll();
        Assert.Equal("core-community-from-vault", await store.ResolveAsync(reference, Ct));
        Assert.Equal(2, _vault.Logins);

        // Expired (nobody asked for a secret for a long time): log in again.
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("core-community-from-vault", await store.ResolveAsync(reference, Ct));
        Assert.Equal(3, _vault.Logins);
    }

    [Fact]
    public async Task Fake_vault_token_from_a_file_as_the_agent_writes_it()
    {
        File.WriteAllText(_folder.File("vault-token"), _vault.IssueToken() + "\n");
        using var store = Store(new VaultOptions { AuthMethod = VaultAuthMethod.Token, TokenFile = _folder.File("vault-token") });

        Assert.Equal("core-community-from-vault", await store.ResolveAsync("secret://vault/secret/network/core#community", Ct));
        Assert.Equal((0, 1), (_vault.Logins, _vault.Renewals)); // renewed once to learn its lease
    }

    [Fact]
    public async Task Fake_vault_errors_name_what_is_wrong_without_any_secret()
    {
        using var store = Store(AppRole());
        using var wrongSecret = Store(new VaultOptions { AuthMethod = VaultAuthMethod.AppRole, RoleIdFile = _folder.File("role-id"), SecretIdFile = _folder.File("role-id") });
        using var off = new VaultSecretStore(_http.GetRequiredService<IHttpClientFactory>(), Options.Create(new VaultOptions()), _time, NullLogger<VaultSecretStore>.Instance);

        var missingKey = await Assert.ThrowsAsync<SecretException>(() => store.ResolveAsync("secret://vault/secret/network/core#password", Ct));
        var missingPath = await Assert.ThrowsAsync<SecretException>(() => store.ResolveAsync("secret://vault/secret/network/edge#community", Ct));
        var badLogin = await Assert.ThrowsAsync<SecretException>(() => wrongSecret.ResolveAsync("secret://vault/secret/network/core#community", Ct));
        var notConfigured = await Assert.ThrowsAsync<SecretException>(() => off.ResolveAsync("secret://vault/secret/network/core#community", Ct));
        var malformed = await Assert.ThrowsAsync<SecretException>(() => store.ResolveAsync("secret://vault/secret#community", Ct));

        Assert.Contains("no key \"password\"", missingKey.Message, StringComparison.Ordinal);
        Assert.Contains("no secret at secret/network/edge", missingPath.Message, StringComparison.Ordinal);
        Assert.Contains("400 invalid role or secret ID", badLogin.Message, StringComparison.Ordinal);
        Assert.Contains("not configured", notConfigured.Message, StringComparison.Ordinal);
        Assert.Contains("secret://vault/MOUNT/PATH#KEY", malformed.Message, StringComparison.Ordinal);
        foreach (var message in new[] { missingKey, missingPath, badLogin, notConfigured, malformed }.Select(e => e.Message))
        {
            Assert.DoesNotContain(_vault.SecretId, message, StringComparison.Ordinal);
            Assert.DoesNotContain("core-community-from-vault", message, StringComparison.Ordinal);
        }
    }
}
