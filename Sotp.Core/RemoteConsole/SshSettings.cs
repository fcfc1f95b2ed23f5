namespace Sotp.Core.RemoteConsole;

/// <summary>
/// How SOTP logs in to a device over SSH, and the host key it trusts. Credentials are stored sealed
/// (<see cref="Secrets.CredentialVault"/>): a secret reference, or a literal encrypted at rest; never returned.
/// </summary>
public sealed class SshSettings
{
    public int DeviceId { get; set; }

    public int Port { get; set; } = 22;

    public required string UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>An OpenSSH or PEM private key.</summary>
    public string? PrivateKey { get; set; }

    public string? KeyPassphrase { get; set; }

    /// <summary>The pinned host key, as <c>ssh-keygen -lf</c> prints it (<c>SHA256:...</c>); null until trusted.</summary>
    public string? HostKeyFingerprint { get; set; }

    public DateTimeOffset? HostKeyPinnedAt { get; set; }

    public string? HostKeyPinnedBy { get; set; }

    /// <summary>A different key the device presented and SOTP refused: an alert until an Admin re-pins.</summary>
    public string? RefusedFingerprint { get; set; }

    public DateTimeOffset? RefusedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>What a person or script submits; a credential left out keeps the stored one.</summary>
public sealed record SshSettingsInput
{
    public int Port { get; init; } = 22;

    public string? User { get; init; }

    /// <summary>A literal (stored encrypted) or a secret reference (<c>secret://...</c>).</summary>
    public string? Password { get; init; }

    public string? PrivateKey { get; init; }

    public string? KeyPassphrase { get; init; }
}

/// <summary>SSH settings as shown and audited: how each credential is held, never its value.</summary>
public sealed record SshSettingsView(
    int Port,
    string UserName,
    string Password,
    string PrivateKey,
    string? HostKeyFingerprint,
    DateTimeOffset? HostKeyPinnedAt,
    string? HostKeyPinnedBy,
    string? RefusedFingerprint,
    DateTimeOffset? RefusedAt)
{
    public static SshSettingsView Of(SshSettings s) => new(s.Port, s.UserName, Secrets.CredentialVault.Describe(s.Password),
        Secrets.CredentialVault.Describe(s.PrivateKey), s.HostKeyFingerprint, s.HostKeyPinnedAt, s.HostKeyPinnedBy,
        s.RefusedFingerprint, s.RefusedAt);
}
