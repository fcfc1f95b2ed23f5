namespace Sotp.Collectors.Snmp.Usm;

/// <summary>USM authentication protocols (RFC 3414, RFC 7860; .NET has no SHA-224, so neither do we).</summary>
public enum AuthProtocol
{
    None,
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

/// <summary>USM privacy protocols (RFC 3826).</summary>
public enum PrivProtocol
{
    None,
    Aes128,
}

/// <summary>An SNMPv3 user and its passphrases. The passphrases are secrets: never logged, never shown.</summary>
public sealed record UsmUser(string UserName, AuthProtocol Auth = AuthProtocol.None, string? AuthPassphrase = null,
    PrivProtocol Priv = PrivProtocol.None, string? PrivPassphrase = null)
{
    public bool Authenticates => Auth != AuthProtocol.None;

    public bool Encrypts => Priv != PrivProtocol.None;

    public override string ToString() => $"{UserName} ({Auth}/{Priv})";
}

/// <summary>The agent refused an SNMPv3 request; the message says why in plain words.</summary>
public sealed class UsmException(string message) : Exception(message);
