using System.Security.Cryptography;
using System.Text;
using Sotp.Core.Configs;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Configs;

/// <summary>
/// The console's command output masked as it streams: a secret line cut between two reads (at every possible byte)
/// is still masked whole, line ends and everything else pass through byte for byte, and a line longer than the
/// masker holds is passed on without a character mangled.
/// </summary>
public sealed class SecretMaskerTests
{
    private static readonly ConfigRules Rules = ConfigRules.Load();
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_secret_cut_anywhere_between_two_reads_is_masked_and_nothing_else_changes()
    {
        var secret = TestSecrets.NewPassword();
        var output = Encoding.UTF8.GetBytes($"hostname r1\r\nenable secret 9 {secret}\r\ninterface Gi0/1 — uplink\r\n last line without end");
        var expected = $"hostname r1\r\nenable secret 9 {ConfigRules.Marker(secret, Key)}\r\ninterface Gi0/1 — uplink\r\n last line without end";

        for (var cut = 0; cut <= output.Length; cut++)
        {
            var masker = new SecretMasker(Rules, "cisco-ios", Key);
            var shown = masker.Push(output.AsSpan(0, cut)).Concat(masker.Push(output.AsSpan(cut))).Concat(masker.Flush()).ToArray();
            Assert.Equal(expected, Encoding.UTF8.GetString(shown));
            Assert.Equal(1, masker.Secrets);
        }
    }

    [Fact]
    public void A_line_longer_than_the_masker_holds_passes_in_pieces_without_a_character_cut()
    {
        var line = string.Concat(Enumerable.Repeat("é", SecretMasker.MaxLine)) + "\n"; // two bytes each: pieces fall mid-character
        var masker = new SecretMasker(Rules, "frr", Key);
        var bytes = Encoding.UTF8.GetBytes(line);
        var early = masker.Push(bytes.AsSpan(0, SecretMasker.MaxLine + 1));
        Assert.NotEmpty(early); // passed on before the line ended
        var shown = early.Concat(masker.Push(bytes.AsSpan(SecretMasker.MaxLine + 1))).Concat(masker.Flush()).ToArray();
        Assert.Equal(line, Encoding.UTF8.GetString(shown));
    }
}
