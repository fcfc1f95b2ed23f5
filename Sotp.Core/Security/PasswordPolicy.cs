using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace Sotp.Core.Security;

/// <summary>
/// The password rules of OWASP ASVS 5 (V6.2): 12 to 128 characters, no composition rules, and no password
/// from a list of common or breached ones.
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<SotpUser>
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 128;

    private static readonly Lazy<HashSet<string>> CommonPasswords = new(LoadCommonPasswords);

    public Task<IdentityResult> ValidateAsync(UserManager<SotpUser> manager, SotpUser user, string? password)
    {
        var problems = Check(password, user.UserName).Select(message => new IdentityError
        {
            Code = "PasswordPolicy",
            Description = message,
        }).ToArray();
        return Task.FromResult(problems.Length == 0 ? IdentityResult.Success : IdentityResult.Failed(problems));
    }

    /// <summary>Plain-words reasons the password is refused; empty when it is acceptable.</summary>
    public static IEnumerable<string> Check(string? password, string? userName)
    {
        password ??= "";
        if (password.Length < MinimumLength)
        {
            yield return $"Use at least {MinimumLength} characters; a passphrase of a few words is easiest.";
            yield break;
        }

        if (password.Length > MaximumLength)
        {
            yield return $"Use at most {MaximumLength} characters.";
            yield break;
        }

        var normalized = password.Trim().ToLowerInvariant();
        if (CommonPasswords.Value.Contains(normalized) || IsOneRepeatedPattern(normalized))
        {
            yield return "This password is too common or too easy to guess; choose another.";
        }
        else if (!string.IsNullOrEmpty(userName) &&
                 normalized.Contains(userName.ToLowerInvariant(), StringComparison.Ordinal) &&
                 normalized.Length - userName.Length < MinimumLength)
        {
            yield return "The password must not be built on the user name.";
        }
    }

    // "aaaaaaaaaaaa", "abcabcabcabc", "121212121212": one short unit repeated.
    private static bool IsOneRepeatedPattern(string password)
    {
        for (var unit = 1; unit <= 4; unit++)
        {
            var repeated = true;
            for (var i = unit; i < password.Length && repeated; i++)
            {
                repeated = password[i] == password[i % unit];
            }

            if (repeated)
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<string> LoadCommonPasswords()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Sotp.Core.Security.common-passwords.txt")
            ?? throw new InvalidOperationException("The embedded list of common passwords is missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }

        return set;
    }
}
