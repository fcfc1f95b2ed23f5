using System.Security.Cryptography;
using System.Text.Json;

namespace Sotp.Core.Audit;

/// <summary>How an entry's hash is made: SHA-256 over a JSON array of its fields in a fixed order.</summary>
public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    public static string HashOf(AuditEntry e)
    {
        var fields = JsonSerializer.SerializeToUtf8Bytes(new object?[]
        {
            e.Sequence, e.At.UtcTicks, e.Actor, e.Roles, e.Source, e.ClientIp, e.Action, e.TargetType, e.TargetId, e.TargetName,
            e.Before, e.After, e.Result, e.TraceId, e.PreviousHash,
        });
        return Convert.ToHexStringLower(SHA256.HashData(fields));
    }

    /// <summary>PostgreSQL keeps microseconds: the time is cut to them before it is hashed, so both databases agree.</summary>
    public static DateTimeOffset Microseconds(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);
}
