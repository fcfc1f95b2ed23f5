using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sotp.Core.Secrets;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Secrets;

/// <summary>Data Protection keys at rest, encrypted with a key that comes from a secret file.</summary>
public sealed class KeyEncryptionTests : IDisposable
{
    private readonly TempDirectory _secrets = new("sotp-kek");
    private readonly TempDirectory _keys = new("sotp-dpkeys");

    public void Dispose()
    {
        _secrets.Dispose();
        _keys.Dispose();
    }

    private IDataProtector Protector(string keyFile)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(Options.Create(new SecretOptions { FileRoots = [_secrets.Path], KeyEncryptionKey = $"secret://file{keyFile}" }));
        services.AddSingleton<LocalSecretStore>();
        services.AddDataProtection().SetApplicationName("sotp").PersistKeysToFileSystem(new DirectoryInfo(_keys.Path)).ProtectKeysWithSotpSecret();
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
    }

    private string NewKeyFile(string name)
    {
        var path = _secrets.File(name);
        File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        return path;
    }

    [Fact]
    public void Keys_are_stored_encrypted_and_open_only_with_the_same_key()
    {
        var key = NewKeyFile("kek");
        var sealedText = Protector(key).Protect("device-credential-canary");

        var stored = string.Concat(Directory.GetFiles(_keys.Path, "*.xml").Select(File.ReadAllText));
        Assert.Contains("<encryptedKey", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", stored, StringComparison.Ordinal);

        // A second process with the same key reads the stored keys and opens the payload.
        Assert.Equal("device-credential-canary", Protector(key).Unprotect(sealedText));

        // With another key, the stored keys cannot be opened, and the error says which key they need.
        var other = NewKeyFile("other-kek");
        Assert.ThrowsAny<CryptographicException>(() => Protector(other).Unprotect(sealedText));
    }

    [Fact]
    public void A_key_of_the_wrong_size_is_refused_with_the_fix()
    {
        var path = _secrets.File("short");
        File.WriteAllText(path, Convert.ToBase64String(new byte[16]));

        var error = Assert.Throws<SecretException>(() =>
            KeyEncryptionKey.Load(new SecretOptions { FileRoots = [_secrets.Path], KeyEncryptionKey = $"secret://file{path}" },
                new LocalSecretStore(Options.Create(new SecretOptions { FileRoots = [_secrets.Path] }))));
        Assert.Contains("openssl rand -base64 32", error.Message, StringComparison.Ordinal);
    }
}
