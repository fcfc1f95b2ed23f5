using System.ComponentModel.DataAnnotations;

namespace Sotp.Core.Secrets;

public enum VaultAuthMethod
{
    /// <summary>A token from <see cref="VaultOptions.TokenFile"/> or the VAULT_TOKEN environment variable.</summary>
    Token,

    /// <summary>The pod's service account token, exchanged at auth/{mount}/login for a Vault token.</summary>
    Kubernetes,

    /// <summary>A role id and secret id (from files), exchanged at auth/{mount}/login.</summary>
    AppRole,
}

/// <summary>
/// Options of <c>Sotp:Secrets:Vault</c>: HashiCorp Vault's KV version 2 behind <c>secret://vault/MOUNT/PATH#KEY</c>
/// references. Without an address, Vault references are refused. Every credential is a file path or the
/// environment, never a value here.
/// </summary>
public sealed class VaultOptions
{
    public const string SectionName = "Sotp:Secrets:Vault";

    /// <summary>Vault's address, e.g. https://vault.example.internal:8200; empty turns Vault off.</summary>
    public string? Address { get; set; }

    public VaultAuthMethod AuthMethod { get; set; } = VaultAuthMethod.Kubernetes;

    /// <summary>Enterprise namespace, sent as X-Vault-Namespace.</summary>
    public string? Namespace { get; set; }

    /// <summary>File holding a Vault token (AuthMethod Token); else the VAULT_TOKEN environment variable.</summary>
    public string? TokenFile { get; set; }

    /// <summary>Vault role to log in as (Kubernetes).</summary>
    public string? Role { get; set; }

    /// <summary>Where the auth method is mounted: "kubernetes" or "approle" by default.</summary>
    public string? AuthMount { get; set; }

    public string ServiceAccountTokenFile { get; set; } = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    /// <summary>Files holding the AppRole role id and secret id (e.g. written by a deployment tool).</summary>
    public string? RoleIdFile { get; set; }

    public string? SecretIdFile { get; set; }

    /// <summary>How long a value read from Vault is reused before it is read again.</summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 60;

    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;
}
