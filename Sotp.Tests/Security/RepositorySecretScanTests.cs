using System.Diagnostics;
using System.Text.RegularExpressions;
using Sotp.Tests.Support;

namespace Sotp.Tests.Security;

/// <summary>
/// Scans every committed file for secrets: private keys, cloud and API tokens, password assignments and long
/// high-entropy strings. What looks like a secret but is not (a hash in a migration, a sample) is listed, with
/// the reason, in eng/secret-scan-allowlist.txt.
/// </summary>
public sealed partial class RepositorySecretScanTests
{
    private static readonly (string Kind, Regex Pattern)[] Rules =
    [
        ("private key", PrivateKey()),
        ("AWS access key", AwsKey()),
        ("GitHub or Slack token", VendorToken()),
        ("SOTP access token", SotpToken()),
        ("Vault token", VaultToken()),
        ("password assignment", PasswordAssignment()),
        ("connection string with a password", ConnectionPassword()),
    ];

    [GeneratedRegex(@"-----BEGIN (RSA |EC |OPENSSH |DSA |ENCRYPTED )?PRIVATE KEY-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsKey();

    [GeneratedRegex(@"\b(ghp|gho|ghs|github_pat)_[A-Za-z0-9_]{20,}|\bxox[abprs]-[A-Za-z0-9-]{10,}")]
    private static partial Regex VendorToken();

    [GeneratedRegex(@"sotp_pat_[A-Za-z0-9_-]{20,}")]
    private static partial Regex SotpToken();

    [GeneratedRegex(@"\bhvs\.[A-Za-z0-9_-]{20,}")]
    private static partial Regex VaultToken();

    // A secret reference (secret://...) names where a secret lives; it is not one.
    [GeneratedRegex(@"(?i)(password|passwd|passphrase|secret|api[_-]?key|token)\w*""?\s*[:=]\s*""(?!secret://)[^""\s{}$<>]{8,}""")]
    private static partial Regex PasswordAssignment();

    [GeneratedRegex(@"(?i)\b(password|pwd)=[^;""'\s{}$<>]{4,}")]
    private static partial Regex ConnectionPassword();

    [GeneratedRegex(@"[A-Za-z0-9+/_=-]{40,}")]
    private static partial Regex LongToken();

    [Fact]
    public async Task No_committed_file_holds_a_secret()
    {
        var root = RepositoryFiles.Path();
        var allow = File.ReadAllLines(RepositoryFiles.Path("eng", "secret-scan-allowlist.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(" | ", 3))
            .Select(p => (File: new Regex(p[0]), Text: new Regex(p[1])))
            .ToArray();
        var findings = new List<string>();
        foreach (var file in await TrackedFilesAsync(root))
        {
            var path = Path.Combine(root, file);
            if (!File.Exists(path) || new FileInfo(path).Length > 2_000_000 || IsBinary(path))
            {
                continue;
            }

            var lines = await File.ReadAllLinesAsync(path, TestContext.Current.CancellationToken);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var (kind, match) in Matches(lines[i]))
                {
                    if (!allow.Any(a => a.File.IsMatch(file) && a.Text.IsMatch(match)))
                    {
                        findings.Add($"{file}:{i + 1}: {kind}: {match[..Math.Min(match.Length, 24)]}…");
                    }
                }
            }
        }

        Assert.True(findings.Count == 0, "Possible secrets committed (remove them, or allowlist with a reason):\n" + string.Join("\n", findings));
    }

    /// <summary>
    /// One made-up sample of each kind. They are assembled at run time, so that no committed line is itself
    /// shaped like a secret (this scanner, and any other, would flag it).
    /// </summary>
    public static TheoryData<string, string> Samples => new()
    {
        { "var key = \"-----BEGIN RSA " + "PRIVATE KEY-----\";", "private key" },
        { "aws_access_key_id = AKIA" + "IOSFODNN7EXAMPLE", "AWS access key" },
        { "\"Pass" + "word\": \"hunter2" + "hunter2\"", "password assignment" },
        { "Host=db;Username=sotp;Pass" + "word=s3cr3t-value", "connection string with a password" },
        { "token: hvs." + "CAESIJ0fakefakefakefakefakefakefake", "Vault token" },
        { "const string Blob = \"q8Jz3vXo1LrPc2Nf7" + "WbYtKd9GhMs4EaRuQ0iVyZl5TxO\";", "high-entropy string" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_scanner_recognises_each_kind(string line, string kind) =>
        Assert.Contains(Matches(line), m => m.Kind == kind);

    [Theory]
    [InlineData("public const string SectionName = \"Sotp:Security\";")]
    [InlineData("var password = TestSecrets.NewPassword();")]
    [InlineData("// 0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("Sotp__Bootstrap__AdminPassword='a long passphrase of your own' dotnet run")]
    [InlineData("{\"user\": \"netops\", \"password\": \"secret://vault/kv/routers#password\"}")]
    public void Ordinary_code_is_not_flagged(string line) => Assert.Empty(Matches(line));

    private static IEnumerable<(string Kind, string Match)> Matches(string line)
    {
        foreach (var (kind, pattern) in Rules)
        {
            foreach (Match m in pattern.Matches(line))
            {
                yield return (kind, m.Value);
            }
        }

        foreach (Match m in LongToken().Matches(line))
        {
            if (Entropy(m.Value) >= 4.5)
            {
                yield return ("high-entropy string", m.Value);
            }
        }
    }

    /// <summary>Shannon entropy in bits per character: random base64 is near 6, words and paths stay under 4.5.</summary>
    private static double Entropy(string text) => -text.GroupBy(c => c)
        .Select(g => (double)g.Count() / text.Length)
        .Sum(p => p * Math.Log2(p));

    private static bool IsBinary(string path)
    {
        Span<byte> head = stackalloc byte[4096];
        using var stream = File.OpenRead(path);
        var read = stream.Read(head);
        return head[..read].Contains((byte)0);
    }

    private static async Task<string[]> TrackedFilesAsync(string root)
    {
        var start = new ProcessStartInfo("git") { ArgumentList = { "-C", root, "ls-files", "-z" }, RedirectStandardOutput = true };
        using var git = Process.Start(start)!;
        var output = await git.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await git.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, git.ExitCode);
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }
}
