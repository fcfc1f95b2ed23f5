using Sotp.Core.Security;

namespace Sotp.Tests.Core.Security;

public class PasswordPolicyTests
{
    [Theory]
    [InlineData("correct horse battery")]
    [InlineData("tr0ub4dor&3-xyzzy")]
    [InlineData("ÄÖÜ unicode is fine too")]
    public void A_long_uncommon_passphrase_is_accepted(string password) =>
        Assert.Empty(PasswordPolicy.Check(password, "alice"));

    [Fact]
    public void Eleven_characters_are_too_short() =>
        Assert.Contains("at least 12", Assert.Single(PasswordPolicy.Check("abcdefghijk", "alice")), StringComparison.Ordinal);

    [Fact]
    public void Twelve_lower_case_letters_need_no_digit_or_symbol() =>
        Assert.Empty(PasswordPolicy.Check("mossyriverbank", "alice"));

    [Fact]
    public void More_than_128_characters_are_refused() =>
        Assert.Contains("at most 128", Assert.Single(PasswordPolicy.Check(new string('x', 60) + new string('y', 69), "alice")), StringComparison.Ordinal);

    [Theory]
    [InlineData("password1234")]
    [InlineData("Password1234")]
    [InlineData("qwertyuiop123")]
    [InlineData("123456789012")]
    [InlineData("iloveyou2024!")]
    [InlineData("aaaaaaaaaaaaaa")]
    [InlineData("abcabcabcabcabc")]
    public void Common_passwords_are_refused(string password) =>
        Assert.Contains("too common", Assert.Single(PasswordPolicy.Check(password, "alice")), StringComparison.Ordinal);

    [Fact]
    public void A_password_built_on_the_user_name_is_refused() =>
        Assert.Contains("user name", Assert.Single(PasswordPolicy.Check("netops-alice1", "netops-alice")), StringComparison.Ordinal);
}
