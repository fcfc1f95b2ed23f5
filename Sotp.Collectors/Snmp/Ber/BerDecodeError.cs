namespace Sotp.Collectors.Snmp.Ber;

/// <summary>Why a datagram was refused. Every refusal is typed and counted; none throws.</summary>
public enum BerDecodeError
{
    None,
    Truncated,
    IndefiniteLength,
    LengthTooLong,
    LengthBeyondData,
    MultiByteTag,
    UnexpectedTag,
    NonMinimalInteger,
    IntegerTooLarge,
    EmptyInteger,
    EmptyOid,
    OidSubidentifierTooLarge,
    OidTooLong,
    OidUnterminated,
    BadNull,
    TrailingBytes,
    UnsupportedVersion,
    UnsupportedPdu,
    TooManyVarBinds,
}

/// <summary>Thrown inside the decoder and caught at its edge, where it becomes a <see cref="BerDecodeError"/>.</summary>
internal sealed class BerDecodeException(BerDecodeError error) : Exception(error.ToString())
{
    public BerDecodeError Error { get; } = error;
}
