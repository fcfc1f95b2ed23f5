using Microsoft.Extensions.Options;

namespace Sotp.Core.Secrets;

/// <summary>Resolves secret references to their values.</summary>
public interface ISecretStore
{
    /// <summary>The secret's value; throws <see cref="SecretException"/> with a plain reason when it cannot.</summary>
    Task<string> ResolveAsync(string reference, CancellationToken cancellationToken);
}

/// <summary>A secret reference that is malformed, not allowed, or points at nothing.</summary>
public sealed class SecretException(string message) : Exception(message);

/// <summary>The secret store SOTP uses: Vault references go to Vault, the others to the environment or files.</summary>
public sealed class SecretStore(LocalSecretStore local, VaultSecretStore vault) : ISecretStore
{
    public Task<string> ResolveAsync(string reference, CancellationToken cancellationToken) =>
        reference.StartsWith(VaultSecretStore.Prefix, StringComparison.Ordinal)
            ? vault.ResolveAsync(reference, cancellationToken)
            : local.ResolveAsync(reference, cancellationToken);
}

/// <summary>
/// Secrets from the environment (<c>secret://env/SOTP_SECRET_NAME</c>) and from mounted files
/// (<c>secret://file/run/secrets/name</c>), as Kubernetes and the Vault Agent injector provide them. Only the
/// allowed prefix and folders are reachable.
/// </summary>
public sealed class LocalSecretStore(IOptions<SecretOptions> options) : ISecretStore
{
    public const string Scheme = "secret://";

    public static bool IsReference(string? text) => text?.StartsWith(Scheme, StringComparison.Ordinal) == true;

    public Task<string> ResolveAsync(string reference, CancellationToken cancellationToken) => Task.FromResult(Resolve(reference));

    /// <summary>Environment variables and small files are read at once: there is nothing to wait for.</summary>
    public string Resolve(string reference)
    {
        if (!IsReference(reference))
        {
            throw new SecretException("A secret reference starts with secret://env/, secret://file/ or secret://vault/.");
        }

        var rest = reference[Scheme.Length..];
        if (rest.StartsWith("env/", StringComparison.Ordinal))
        {
            var name = rest["env/".Length..];
            if (!name.StartsWith(options.Value.EnvironmentPrefix, StringComparison.Ordinal))
            {
                throw new SecretException($"Environment secrets must be named {options.Value.EnvironmentPrefix}…");
            }

            return Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
                ? value
                : throw new SecretException($"The environment variable {name} is not set.");
        }

        if (rest.StartsWith("file/", StringComparison.Ordinal))
        {
            var path = Path.GetFullPath("/" + rest["file/".Length..]);
            var allowed = options.Value.FileRoots.Any(root =>
                path.StartsWith(Path.GetFullPath(root).TrimEnd('/') + "/", StringComparison.Ordinal));
            if (!allowed)
            {
                throw new SecretException($"Secret files must lie under {string.Join(" or ", options.Value.FileRoots)}.");
            }

            return File.Exists(path)
                ? File.ReadAllText(path).TrimEnd('\r', '\n')
                : throw new SecretException($"The secret file {path} does not exist.");
        }

        throw new SecretException("Unknown secret source: use secret://env/NAME, secret://file/PATH or secret://vault/MOUNT/PATH#KEY.");
    }
}
