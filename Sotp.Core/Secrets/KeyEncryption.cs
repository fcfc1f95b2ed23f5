using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sotp.Core.Secrets;

/// <summary>
/// The key that encrypts SOTP's Data Protection keys at rest (they live in the database, shared by replicas, and
/// protect sessions, tokens and every stored device credential). 32 random bytes, base64, from the secret
/// reference <see cref="SecretOptions.KeyEncryptionKey"/> (a mounted file or the environment). Without it the
/// keys are stored as they are, and SOTP says so at start.
/// </summary>
public sealed class KeyEncryptionKey
{
    public KeyEncryptionKey(byte[]? bytes)
    {
        if (bytes is { Length: not 32 })
        {
            throw new SecretException("The key encryption key must be 32 bytes, base64-encoded (e.g. openssl rand -base64 32).");
        }

        Bytes = bytes;
    }

    public byte[]? Bytes { get; }

    /// <summary>Names the key without revealing it, so a wrong key is told from a damaged one.</summary>
    public string? Id => Bytes is null ? null : Convert.ToHexStringLower(SHA256.HashData(Bytes))[..16];

    public static KeyEncryptionKey Load(SecretOptions options, LocalSecretStore secrets)
    {
        if (string.IsNullOrWhiteSpace(options.KeyEncryptionKey))
        {
            return new KeyEncryptionKey(null);
        }

        var text = secrets.Resolve(options.KeyEncryptionKey).Trim();
        try
        {
            return new KeyEncryptionKey(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            throw new SecretException("The key encryption key is not base64: make one with openssl rand -base64 32.");
        }
    }
}

/// <summary>Encrypts each Data Protection key element with AES-256-GCM under the <see cref="KeyEncryptionKey"/>.</summary>
public sealed class SecretKeyXmlEncryptor(KeyEncryptionKey key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var cipher = new byte[plain.Length];
        using (var aes = new AesGcm(key.Bytes!, tag.Length))
        {
            aes.Encrypt(nonce, plain, cipher, tag);
        }

        var element = new XElement("encryptedKey",
            new XComment(" This key is encrypted with SOTP's key encryption key (AES-256-GCM). "),
            new XElement("keyId", key.Id),
            new XElement("value", Convert.ToBase64String([.. nonce, .. tag, .. cipher])));
        return new EncryptedXmlInfo(element, typeof(SecretKeyXmlDecryptor));
    }
}

/// <summary>Opens what <see cref="SecretKeyXmlEncryptor"/> wrote; a different key is refused by name.</summary>
public sealed class SecretKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetRequiredService<KeyEncryptionKey>();
        var keyId = encryptedElement.Element("keyId")?.Value;
        if (key.Bytes is null || keyId != key.Id)
        {
            throw new CryptographicException(
                $"This Data Protection key was encrypted with key encryption key {keyId}; SOTP has {key.Id ?? "none"}. Restore the key it was made with.");
        }

        var data = Convert.FromBase64String(encryptedElement.Element("value")!.Value);
        var plain = new byte[data.Length - 28];
        using (var aes = new AesGcm(key.Bytes, 16))
        {
            aes.Decrypt(data.AsSpan(0, 12), data.AsSpan(28), data.AsSpan(12, 16), plain);
        }

        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plain));
    }
}

public static class KeyEncryptionServiceCollectionExtensions
{
    /// <summary>Encrypts Data Protection keys with the key encryption key when one is configured.</summary>
    public static IDataProtectionBuilder ProtectKeysWithSotpSecret(this IDataProtectionBuilder builder)
    {
        builder.Services.AddSingleton(sp => KeyEncryptionKey.Load(sp.GetRequiredService<IOptions<SecretOptions>>().Value,
            sp.GetRequiredService<LocalSecretStore>()));
        builder.Services.AddOptions<KeyManagementOptions>().Configure<KeyEncryptionKey, ILoggerFactory>((options, key, loggers) =>
        {
            if (key.Bytes is not null)
            {
                options.XmlEncryptor = new SecretKeyXmlEncryptor(key);
            }
            else
            {
                loggers.CreateLogger("Sotp.Secrets").LogWarning(
                    "Data Protection keys are stored unencrypted: set Sotp:Secrets:KeyEncryptionKey to a secret reference of 32 random bytes (base64)");
            }
        });
        return builder;
    }
}
