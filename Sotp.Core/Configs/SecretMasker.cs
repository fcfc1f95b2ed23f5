using System.Buffers;
using System.Text;

namespace Sotp.Core.Configs;

/// <summary>
/// Masks secrets in output that arrives in pieces (the console's command mode), as backups mask them: line by line, so
/// a secret split across two reads is still seen whole. A line is passed on once its end has come; what is left is
/// passed on by <see cref="Flush"/>. A line longer than <see cref="MaxLine"/> is passed on in pieces (no secret rule
/// looks at such a line).
/// </summary>
public sealed class SecretMasker(ConfigRules rules, string? platform, byte[] key)
{
    public const int MaxLine = 64 * 1024;

    private readonly ArrayBufferWriter<byte> _pending = new();
    // Stateful: a character cut by a long line's piece boundary is finished in the next piece, never mangled.
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private int _secrets;

    /// <summary>How many secrets were masked so far.</summary>
    public int Secrets => _secrets;

    /// <summary>The complete lines <paramref name="data"/> ends, masked; empty while a line is still arriving.</summary>
    public byte[] Push(ReadOnlySpan<byte> data)
    {
        var output = new MemoryStream();
        while (data.Length > 0)
        {
            var end = data.IndexOf((byte)'\n');
            var piece = end < 0 ? data : data[..(end + 1)];
            _pending.Write(piece);
            data = data[piece.Length..];
            if (end >= 0 || _pending.WrittenCount >= MaxLine)
            {
                Release(output, final: false);
            }
        }

        return output.ToArray();
    }

    /// <summary>The rest (a last line without its end), masked.</summary>
    public byte[] Flush()
    {
        var output = new MemoryStream();
        Release(output, final: true);
        return output.ToArray();
    }

    private void Release(MemoryStream output, bool final)
    {
        var bytes = _pending.WrittenSpan;
        var chars = new char[_decoder.GetCharCount(bytes, final)];
        _decoder.GetChars(bytes, chars, final);
        _pending.Clear();
        var line = new string(chars);
        var body = line.TrimEnd('\r', '\n');
        output.Write(Encoding.UTF8.GetBytes(rules.Mask(platform, body, key, ref _secrets) + line[body.Length..]));
    }
}
