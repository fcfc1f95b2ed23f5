namespace Sotp.Collectors.Snmp.Pdu;

/// <summary>SNMP protocol versions, as their wire numbers.</summary>
public enum SnmpVersion
{
    V1 = 0,
    V2c = 1,
    V3 = 3,
}

/// <summary>PDU kinds, as their BER tags (RFC 3416).</summary>
public enum PduType : byte
{
    GetRequest = 0xA0,
    GetNextRequest = 0xA1,
    Response = 0xA2,
    SetRequest = 0xA3,
    TrapV1 = 0xA4,
    GetBulkRequest = 0xA5,
    InformRequest = 0xA6,
    TrapV2 = 0xA7,
    Report = 0xA8,
}

/// <summary>The error-status values of a response (RFC 3416).</summary>
public enum SnmpErrorStatus
{
    NoError = 0,
    TooBig = 1,
    NoSuchName = 2,
    BadValue = 3,
    ReadOnly = 4,
    GenErr = 5,
    NoAccess = 6,
    WrongType = 7,
    WrongLength = 8,
    WrongEncoding = 9,
    WrongValue = 10,
    NoCreation = 11,
    InconsistentValue = 12,
    ResourceUnavailable = 13,
    CommitFailed = 14,
    UndoFailed = 15,
    AuthorizationError = 16,
    NotWritable = 17,
    InconsistentName = 18,
}

/// <summary>
/// A PDU. For GetBulk, <see cref="ErrorStatus"/> and <see cref="ErrorIndex"/> carry non-repeaters and
/// max-repetitions, as on the wire.
/// </summary>
public sealed record SnmpPdu(PduType Type, int RequestId, int ErrorStatus, int ErrorIndex, IReadOnlyList<VarBind> VarBinds)
{
    public SnmpErrorStatus Error => (SnmpErrorStatus)ErrorStatus;
}

/// <summary>A community-based (v1/v2c) message.</summary>
public sealed record SnmpMessage(SnmpVersion Version, byte[] Community, SnmpPdu Pdu);
