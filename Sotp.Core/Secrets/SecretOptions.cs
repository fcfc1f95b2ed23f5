using System.ComponentModel.DataAnnotations;

namespace Sotp.Core.Secrets;

/// <summary>Options of the <c>Sotp:Secrets</c> section: where secret references may point.</summary>
public sealed class SecretOptions
{
    public const string SectionName = "Sotp:Secrets";

    /// <summary>
    /// Folders that <c>secret://file/...</c> references may read (Kubernetes secret volumes, Vault Agent's
    /// output). Nothing outside them: a reference must never become a way to read the server's files.
    /// </summary>
    [Required]
    public string[] FileRoots { get; set; } = ["/run/secrets", "/vault/secrets"];

    /// <summary>Environment variables that <c>secret://env/NAME</c> references may read all start with this.</summary>
    [Required(AllowEmptyStrings = false)]
    public string EnvironmentPrefix { get; set; } = "SOTP_SECRET_";

    /// <summary>
    /// A secret reference (secret://file/... or secret://env/...) to 32 random bytes, base64, that encrypt the Data
    /// Protection keys at rest. Keep it: without the key the sessions, access tokens' protection and every
    /// credential stored encrypted cannot be opened.
    /// </summary>
    public string? KeyEncryptionKey { get; set; }
}
