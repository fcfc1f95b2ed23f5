using System.Buffers;

namespace Sotp.Collectors.Syslog;

/// <summary>
/// Splits a TCP or TLS byte stream into syslog messages (RFC 6587): octet counting (<c>"LEN SP MSG"</c>, which
/// RFC 5425 requires on TLS) or a line feed after each message, told apart frame by frame by the first byte. A
/// frame longer than the limit is refused: a counted one closes the connection (nothing after it can be trusted), a
/// line is skipped to its end.
/// </summary>
public sealed class SyslogFramer(int maxMessageBytes)
{
    private bool _skippingLine;

    /// <summary>Why the stream cannot be read on (a frame's count was malformed or too large); null while it can.</summary>
    public string? Fatal { get; private set; }

    /// <summary>Whether part of a frame is waiting for more bytes.</summary>
    public bool InFrame { get; private set; }

    /// <summary>
    /// Takes whole frames from the front of <paramref name="buffer"/> (consumed up to <paramref name="consumed"/>),
    /// handing each to <paramref name="frame"/> and each refusal's reason to <paramref name="refused"/>. After a fatal
    /// refusal (<see cref="Fatal"/>) the connection must be closed.
    /// </summary>
    public void Read(ref ReadOnlySequence<byte> buffer, Action<ReadOnlySequence<byte>> frame, Action<string> refused)
    {
        while (!buffer.IsEmpty && Fatal is null)
        {
            if (_skippingLine)
            {
                if (buffer.PositionOf((byte)'\n') is not { } skipEnd)
                {
                    buffer = buffer.Slice(buffer.End);
                    return;
                }

                buffer = buffer.Slice(buffer.GetPosition(1, skipEnd));
                _skippingLine = false;
                continue;
            }

            var first = buffer.FirstSpan[0];
            if (first is (byte)'\n' or (byte)'\r' or 0)
            {
                buffer = buffer.Slice(1);
                continue;
            }

            var complete = first is >= (byte)'1' and <= (byte)'9' ? OctetCounted(ref buffer, frame, refused) : Line(ref buffer, frame, refused);
            InFrame = !complete && !buffer.IsEmpty;
            if (!complete)
            {
                return;
            }
        }
    }

    private bool Refuse(string reason, Action<string> refused)
    {
        Fatal = reason;
        refused(reason);
        return false;
    }

    private bool OctetCounted(ref ReadOnlySequence<byte> buffer, Action<ReadOnlySequence<byte>> frame, Action<string> refused)
    {
        Span<byte> digits = stackalloc byte[8];
        var prefix = buffer.Slice(0, Math.Min(buffer.Length, digits.Length));
        prefix.CopyTo(digits);
        var space = digits[..(int)prefix.Length].IndexOf((byte)' ');
        if (space < 0)
        {
            return prefix.Length == digits.Length || digits[..(int)prefix.Length].ContainsAnyExceptInRange((byte)'0', (byte)'9')
                ? Refuse("BadOctetCount", refused)
                : false;
        }

        var length = 0L;
        foreach (var d in digits[..space])
        {
            if (d is < (byte)'0' or > (byte)'9')
            {
                return Refuse("BadOctetCount", refused);
            }

            length = (length * 10) + (d - '0');
        }

        if (length > maxMessageBytes)
        {
            return Refuse("OversizedFrame", refused);
        }

        if (buffer.Length < space + 1 + length)
        {
            return false;
        }

        frame(buffer.Slice(space + 1, length));
        buffer = buffer.Slice(space + 1 + length);
        return true;
    }

    private bool Line(ref ReadOnlySequence<byte> buffer, Action<ReadOnlySequence<byte>> frame, Action<string> refused)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            if (buffer.Length > maxMessageBytes)
            {
                refused("OversizedLine");
                _skippingLine = true;
                buffer = buffer.Slice(buffer.End);
                return true;
            }

            return false;
        }

        var line = buffer.Slice(0, end);
        if (line.Length > maxMessageBytes)
        {
            refused("OversizedLine");
        }
        else
        {
            frame(line);
        }

        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }
}
