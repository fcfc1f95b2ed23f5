using Microsoft.AspNetCore.DataProtection;

namespace Sotp.Core.Secrets;

/// <summary>
/// Keeps device credentials safe at rest: a secret reference is stored as it is, a literal is encrypted with
/// Data Protection. Stored credentials are opened only to be used, and described without their value.
/// </summary>
public sealed class CredentialVault(IDataProtectionProvider protection, ISecretStore secrets)
{
    private const string EncryptedPrefix = "enc:";
    private readonly IDataProtector _protector = protection.CreateProtector("Sotp.DeviceCredentials.v1");

    /// <summary>What to store for what a person typed: the reference itself, or the literal encrypted.</summary>
    public string Seal(string input) =>
        LocalSecretStore.IsReference(input) ? input : EncryptedPrefix + _protector.Protect(input);

    /// <summary>For a form where a credential left empty keeps the stored one.</summary>
    public string? SealOrKeep(string? input, string? stored) => string.IsNullOrEmpty(input) ? stored : Seal(input);

    public async Task<string> OpenAsync(string stored, CancellationToken cancellationToken) =>
        stored.StartsWith(EncryptedPrefix, StringComparison.Ordinal)
            ? _protector.Unprotect(stored[EncryptedPrefix.Length..])
            : await secrets.ResolveAsync(stored, cancellationToken);

    /// <summary>How a stored credential is held, never its value: "stored encrypted" or the reference.</summary>
    public static string Describe(string? stored) => stored switch
    {
        null or "" => "not set",
        _ when stored.StartsWith(EncryptedPrefix, StringComparison.Ordinal) => "stored encrypted",
        _ => stored,
    };
}
