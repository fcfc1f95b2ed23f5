namespace Sotp.Core.Devices;

/// <summary>
/// How SOTP polls a device over SNMP. Credentials are stored sealed (<see cref="Secrets.CredentialVault"/>):
/// a secret reference, or a literal encrypted at rest; never returned.
/// </summary>
public sealed class SnmpSettings
{
    public int DeviceId { get; set; }

    /// <summary>"1", "2c" or "3".</summary>
    public required string Version { get; set; }

    public int Port { get; set; } = 161;

    public int TimeoutMs { get; set; } = 2000;

    public int Retries { get; set; } = 1;

    public int PollIntervalSeconds { get; set; } = 30;

    /// <summary>Rows asked per GETBULK (v2c and v3); lower it for agents that choke on big requests.</summary>
    public int MaxRepetitions { get; set; } = 10;

    public string? Community { get; set; }

    public string? UserName { get; set; }

    /// <summary>"SHA", "SHA-256", "SHA-384" or "SHA-512"; null for no authentication.</summary>
    public string? AuthProtocol { get; set; }

    public string? AuthKey { get; set; }

    /// <summary>"AES" (AES-128); null for no privacy.</summary>
    public string? PrivProtocol { get; set; }

    public string? PrivKey { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>What a person or script submits; a credential left out keeps the stored one.</summary>
public sealed record SnmpSettingsInput
{
    public string? Version { get; init; }

    public int Port { get; init; } = 161;

    public int TimeoutMs { get; init; } = 2000;

    public int Retries { get; init; } = 1;

    public int PollIntervalSeconds { get; init; } = 30;

    public int MaxRepetitions { get; init; } = 10;

    public string? Community { get; init; }

    public string? User { get; init; }

    public string? AuthProtocol { get; init; }

    public string? AuthKey { get; init; }

    public string? PrivProtocol { get; init; }

    public string? PrivKey { get; init; }
}

/// <summary>
/// SNMP settings as the API shows them and the audit trail records them: how each credential is held
/// (a secret reference or "stored encrypted"), never its value.
/// </summary>
public sealed record SnmpSettingsView(string Version, int Port, int TimeoutMs, int Retries, int PollIntervalSeconds, int MaxRepetitions,
    string? Community, string? User, string? AuthProtocol, string? AuthKey, string? PrivProtocol, string? PrivKey)
{
    public static SnmpSettingsView Of(SnmpSettings s) => new(s.Version, s.Port, s.TimeoutMs, s.Retries, s.PollIntervalSeconds, s.MaxRepetitions,
        s.Version == "3" ? null : Secrets.CredentialVault.Describe(s.Community), s.UserName, s.AuthProtocol,
        s.AuthProtocol is null ? null : Secrets.CredentialVault.Describe(s.AuthKey), s.PrivProtocol,
        s.PrivProtocol is null ? null : Secrets.CredentialVault.Describe(s.PrivKey));
}
