namespace Sotp.Tests.Support;

/// <summary>
/// Lab tests need real peers (LAB.md). Locally a missing peer skips the test with the reason; in CI
/// (<c>SOTP_LAB_REQUIRED=1</c>) it fails, so a broken lab can never pass as green.
/// </summary>
public static class LabRequirement
{
    public static bool Required => Environment.GetEnvironmentVariable("SOTP_LAB_REQUIRED") == "1";

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Skips (or fails in CI) unless <paramref name="available"/> holds.</summary>
    public static void Require(bool available, string reason)
    {
        if (available)
        {
            return;
        }

        if (Required)
        {
            Assert.Fail($"Lab peer missing while SOTP_LAB_REQUIRED=1: {reason}");
        }

        Assert.Skip($"Lab peer missing: {reason}");
    }

    /// <summary>The first existing file of <paramref name="candidates"/> (glob patterns allowed in the folder part).</summary>
    public static string? FindExecutable(params string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            var directory = Path.GetDirectoryName(candidate)!;
            var name = Path.GetFileName(candidate);
            if (!directory.Contains('*', StringComparison.Ordinal))
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                continue;
            }

            // e.g. /usr/lib/postgresql/*/bin/initdb: take the newest version.
            var root = directory[..directory.IndexOf('*', StringComparison.Ordinal)];
            var rest = directory[(directory.IndexOf('*', StringComparison.Ordinal) + 1)..].TrimStart('/');
            if (!Directory.Exists(root))
            {
                continue;
            }

            var match = Directory.GetDirectories(root).OrderDescending()
                .Select(d => Path.Combine(d, rest, name)).FirstOrDefault(File.Exists);
            if (match is not null)
            {
                return match;
            }
        }

        return null;
    }
}
