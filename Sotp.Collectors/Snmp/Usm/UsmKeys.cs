using System.Security.Cryptography;
using System.Text;

namespace Sotp.Collectors.Snmp.Usm;

/// <summary>
/// USM keys: a passphrase is stretched to a key (RFC 3414 A.2: the hash of one megabyte of the repeated
/// passphrase), then localized to one agent (hash of key, engine id, key). Localized keys are cached per
/// engine, since stretching costs a megabyte of hashing.
/// </summary>
public static class UsmKeys
{
    private const int StretchBytes = 1_048_576;

    public static int DigestLength(AuthProtocol protocol) => protocol switch
    {
        AuthProtocol.Sha1 => 20,
        AuthProtocol.Sha256 => 32,
        AuthProtocol.Sha384 => 48,
        AuthProtocol.Sha512 => 64,
        _ => 0,
    };

    /// <summary>Length of the truncated HMAC carried in msgAuthenticationParameters.</summary>
    public static int MacLength(AuthProtocol protocol) => protocol switch
    {
        AuthProtocol.Sha1 => 12,
        AuthProtocol.Sha256 => 24,
        AuthProtocol.Sha384 => 32,
        AuthProtocol.Sha512 => 48,
        _ => 0,
    };

    public static byte[] Localize(AuthProtocol protocol, string passphrase, ReadOnlySpan<byte> engineId)
    {
        var password = Encoding.UTF8.GetBytes(passphrase);
        if (password.Length == 0)
        {
            throw new UsmException("An SNMPv3 passphrase must not be empty.");
        }

        using var hash = IncrementalHash.CreateHash(Name(protocol));
        var block = new byte[64];
        for (var done = 0; done < StretchBytes; done += block.Length)
        {
            for (var i = 0; i < block.Length; i++)
            {
                block[i] = password[(done + i) % password.Length];
            }

            hash.AppendData(block);
        }

        var key = hash.GetHashAndReset();
        hash.AppendData(key);
        hash.AppendData(engineId);
        hash.AppendData(key);
        return hash.GetHashAndReset();
    }

    public static byte[] Mac(AuthProtocol protocol, byte[] key, ReadOnlySpan<byte> message)
    {
        using var hmac = IncrementalHash.CreateHMAC(Name(protocol), key);
        hmac.AppendData(message);
        return hmac.GetHashAndReset()[..MacLength(protocol)];
    }

    private static HashAlgorithmName Name(AuthProtocol protocol) => protocol switch
    {
        AuthProtocol.Sha1 => HashAlgorithmName.SHA1,
        AuthProtocol.Sha256 => HashAlgorithmName.SHA256,
        AuthProtocol.Sha384 => HashAlgorithmName.SHA384,
        AuthProtocol.Sha512 => HashAlgorithmName.SHA512,
        _ => throw new UsmException("No authentication protocol was chosen."),
    };
}
