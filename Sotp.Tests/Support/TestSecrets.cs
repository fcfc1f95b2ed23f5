using System.Security.Cryptography;

namespace Sotp.Tests.Support;

/// <summary>Secrets made up at run time, so no password is ever committed with the tests.</summary>
public static class TestSecrets
{
    /// <summary>A random passphrase that passes the password policy.</summary>
    public static string NewPassword() => "test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
