using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Sotp.Collectors.Snmp.Ber;
using Sotp.Collectors.Snmp.Pdu;

namespace Sotp.Collectors.Snmp.Usm;

/// <summary>An SNMPv3 message as received: header, security parameters and the (decrypted) PDU.</summary>
public sealed record SnmpV3Message(int MessageId, byte Flags, byte[] EngineId, int EngineBoots, int EngineTime, string UserName, SnmpPdu Pdu)
{
    public const byte FlagAuth = 1;
    public const byte FlagPriv = 2;
    public const byte FlagReportable = 4;
}

/// <summary>
/// SNMPv3 with the User-based Security Model (RFC 3412, 3414, 3826, 7860): HMAC-SHA authentication and AES-128
/// privacy. Decoding checks the digest before trusting anything inside and refuses with a typed error.
/// </summary>
public static class SnmpV3Codec
{
    public const int MaxMessageSize = 65_507;

    private static long _salt = RandomNumberGenerator.GetInt32(int.MaxValue);

    /// <summary>Reads only the header: enough to find the request a reply belongs to.</summary>
    public static bool TryReadMessageId(ReadOnlySpan<byte> datagram, out int messageId)
    {
        messageId = 0;
        try
        {
            var outer = new BerReader(datagram).ReadTlv(BerTag.Sequence);
            if (outer.ReadInt32() != (int)SnmpVersion.V3)
            {
                return false;
            }

            messageId = outer.ReadTlv(BerTag.Sequence).ReadInt32();
            return true;
        }
        catch (BerDecodeException)
        {
            return false;
        }
    }

    /// <summary>Encodes a request; with no engine yet (discovery) it goes unauthenticated with an empty user.</summary>
    public static byte[] Encode(int messageId, UsmUser user, UsmEngine? engine, SnmpPdu pdu)
    {
        var secure = engine is not null;
        var auth = secure && user.Authenticates;
        var priv = auth && user.Encrypts;
        var keys = auth ? KeysFor(user, engine!) : default;

        // The scoped PDU, encrypted when privacy is on.
        var scoped = new BerWriter();
        var scopedEnd = scoped.BeginSequence();
        SnmpCodec.WritePdu(scoped, pdu);
        scoped.WriteOctetString(ReadOnlySpan<byte>.Empty);
        scoped.WriteOctetString(engine?.EngineId ?? []);
        scoped.EndSequence(scopedEnd);

        byte[] privacyParameters = [];
        byte[]? encrypted = null;
        if (priv)
        {
            privacyParameters = BitConverter.GetBytes(Interlocked.Increment(ref _salt));
            encrypted = Aes128Cfb(keys.Priv, Iv(engine!.Boots, engine.Time, privacyParameters), scoped.Written, encrypt: true);
        }

        var writer = new BerWriter(scoped.Length + 256);
        var messageEnd = writer.BeginSequence();
        if (encrypted is not null)
        {
            writer.WriteOctetString(encrypted);
        }
        else
        {
            writer.WriteEncoded(scoped.Written);
        }

        // msgSecurityParameters: an OCTET STRING wrapping the USM sequence.
        var securityEnd = writer.BeginSequence();
        var usmEnd = writer.BeginSequence();
        writer.WriteOctetString(privacyParameters);
        var macLength = auth ? UsmKeys.MacLength(user.Auth) : 0;
        writer.WriteOctetString(new byte[macLength]);
        var macEndFromTail = writer.Length - 2;
        writer.WriteOctetString(secure ? Encoding.UTF8.GetBytes(user.UserName) : []);
        writer.WriteInt32(engine?.Time ?? 0);
        writer.WriteInt32(engine?.Boots ?? 0);
        writer.WriteOctetString(engine?.EngineId ?? []);
        writer.EndSequence(usmEnd);
        writer.EndSequence(securityEnd, BerTag.OctetString);

        var globalEnd = writer.BeginSequence();
        writer.WriteInt32(3); // msgSecurityModel: USM
        writer.WriteOctetString([(byte)(SnmpV3Message.FlagReportable | (auth ? SnmpV3Message.FlagAuth : 0) | (priv ? SnmpV3Message.FlagPriv : 0))]);
        writer.WriteInt32(MaxMessageSize);
        writer.WriteInt32(messageId);
        writer.EndSequence(globalEnd);
        writer.WriteInt32((int)SnmpVersion.V3);
        writer.EndSequence(messageEnd);

        var message = writer.Written.ToArray();
        if (auth)
        {
            var macStart = message.Length - macEndFromTail;
            UsmKeys.Mac(user.Auth, keys.Auth, message).CopyTo(message.AsSpan(macStart, macLength));
        }

        return message;
    }

    /// <summary>Decodes and, when <paramref name="user"/> authenticates, verifies and decrypts a reply.</summary>
    public static BerDecodeError TryDecode(ReadOnlySpan<byte> datagram, UsmUser user, UsmEngine? engine, out SnmpV3Message? message, out string? securityProblem)
    {
        message = null;
        securityProblem = null;
        try
        {
            var body = ReadHeader(datagram, out var messageId, out var flags, out var engineId, out var boots, out var time,
                out var userName, out var mac, out var salt);
            var authenticated = (flags & SnmpV3Message.FlagAuth) != 0;
            var encrypted = (flags & SnmpV3Message.FlagPriv) != 0;
            ReadOnlySpan<byte> scopedBytes;
            byte[]? decrypted = null;
            if (authenticated)
            {
                if (!user.Authenticates || engine is null || mac.Length != UsmKeys.MacLength(user.Auth))
                {
                    securityProblem = "The reply is authenticated with another protocol than the one configured.";
                    return BerDecodeError.None;
                }

                var keys = KeysFor(user, engine);
                var zeroed = datagram.ToArray();
                var macOffset = (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(datagram), ref MemoryMarshal.GetReference(mac));
                zeroed.AsSpan(macOffset, mac.Length).Clear();
                if (!CryptographicOperations.FixedTimeEquals(UsmKeys.Mac(user.Auth, keys.Auth, zeroed), mac))
                {
                    securityProblem = "The reply's digest is wrong: the authentication passphrase or protocol does not match the agent's.";
                    return BerDecodeError.None;
                }

                if (encrypted)
                {
                    if (!user.Encrypts || salt.Length != 8)
                    {
                        securityProblem = "The reply is encrypted but no privacy protocol is configured.";
                        return BerDecodeError.None;
                    }

                    decrypted = Aes128Cfb(keys.Priv, Iv(boots, time, salt), body.ReadOctetString(), encrypt: false);
                }
            }
            else if (encrypted)
            {
                return BerDecodeError.UnsupportedVersion;
            }

            if (decrypted is not null)
            {
                scopedBytes = decrypted;
            }
            else
            {
                scopedBytes = body.ReadContent(BerTag.Sequence);
                body.EnsureEnd();
            }

            var scoped = decrypted is not null ? new BerReader(scopedBytes).ReadTlv(BerTag.Sequence) : new BerReader(scopedBytes);
            _ = scoped.ReadOctetString();
            _ = scoped.ReadOctetString();
            var pdu = SnmpCodec.ReadPdu(ref scoped);
            message = new SnmpV3Message(messageId, flags, engineId, boots, time, userName, pdu);
            return BerDecodeError.None;
        }
        catch (BerDecodeException ex)
        {
            return ex.Error;
        }
        catch (CryptographicException)
        {
            securityProblem = "The reply could not be decrypted: the privacy passphrase or protocol does not match the agent's.";
            return BerDecodeError.None;
        }
    }

    /// <summary>The sender's engine and user name, read but not yet verified (a trap receiver picks the keys by them).</summary>
    public static BerDecodeError TryPeekSecurity(ReadOnlySpan<byte> datagram, out byte[] engineId, out int boots, out int time, out string userName)
    {
        (engineId, boots, time, userName) = ([], 0, 0, "");
        try
        {
            _ = ReadHeader(datagram, out _, out _, out engineId, out boots, out time, out userName, out _, out _);
            return BerDecodeError.None;
        }
        catch (BerDecodeException ex)
        {
            return ex.Error;
        }
    }

    // Version, msgGlobalData and the USM security parameters; returns a reader positioned at msgData.
    private static BerReader ReadHeader(ReadOnlySpan<byte> datagram, out int messageId, out byte flags, out byte[] engineId,
        out int boots, out int time, out string userName, out ReadOnlySpan<byte> mac, out ReadOnlySpan<byte> salt)
    {
        var outer = new BerReader(datagram);
        var body = outer.ReadTlv(BerTag.Sequence);
        outer.EnsureEnd();
        if (body.ReadInt32() != (int)SnmpVersion.V3)
        {
            throw new BerDecodeException(BerDecodeError.UnsupportedVersion);
        }

        var global = body.ReadTlv(BerTag.Sequence);
        messageId = global.ReadInt32();
        _ = global.ReadInt32();
        var flagBytes = global.ReadOctetString();
        if (flagBytes.Length != 1 || global.ReadInt32() != 3)
        {
            throw new BerDecodeException(BerDecodeError.UnsupportedVersion);
        }

        flags = flagBytes[0];
        global.EnsureEnd();
        var security = new BerReader(body.ReadOctetString()).ReadTlv(BerTag.Sequence);
        engineId = security.ReadOctetString().ToArray();
        boots = security.ReadInt32();
        time = security.ReadInt32();
        userName = Encoding.UTF8.GetString(security.ReadOctetString());
        mac = security.ReadOctetString();
        salt = security.ReadOctetString();
        security.EnsureEnd();
        return body;
    }

    private static (byte[] Auth, byte[] Priv) KeysFor(UsmUser user, UsmEngine engine)
    {
        lock (engine.Keys)
        {
            if (!engine.Keys.TryGetValue(user, out var keys))
            {
                var auth = UsmKeys.Localize(user.Auth, user.AuthPassphrase ?? "", engine.EngineId);
                var priv = user.Encrypts ? UsmKeys.Localize(user.Auth, user.PrivPassphrase ?? "", engine.EngineId)[..16] : [];
                engine.Keys[user] = keys = (auth, priv);
            }

            return keys;
        }
    }

    // RFC 3826 (AES for USM): the IV is the engine boots, the engine time and the 64-bit salt.
    private static byte[] Iv(int boots, int time, ReadOnlySpan<byte> salt)
    {
        var iv = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(iv, boots);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(iv.AsSpan(4), time);
        salt.CopyTo(iv.AsSpan(8));
        return iv;
    }

    // AES in 128-bit CFB mode as RFC 3826 uses it: a stream, so the last block may be partial. .NET's CFB wants
    // whole blocks without padding, so the keystream is made here from AES-ECB of the previous cipher block.
    private static byte[] Aes128Cfb(byte[] key, byte[] iv, ReadOnlySpan<byte> data, bool encrypt)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var output = new byte[data.Length];
        Span<byte> feedback = stackalloc byte[16];
        Span<byte> keystream = stackalloc byte[16];
        iv.CopyTo(feedback);
        for (var offset = 0; offset < data.Length; offset += 16)
        {
            aes.EncryptEcb(feedback, keystream, PaddingMode.None);
            var count = Math.Min(16, data.Length - offset);
            for (var i = 0; i < count; i++)
            {
                output[offset + i] = (byte)(data[offset + i] ^ keystream[i]);
            }

            // The next block is fed with this block's ciphertext.
            (encrypt ? output.AsSpan(offset, count) : data.Slice(offset, count)).CopyTo(feedback);
        }

        return output;
    }
}
