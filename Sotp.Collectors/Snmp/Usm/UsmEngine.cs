namespace Sotp.Collectors.Snmp.Usm;

/// <summary>
/// What SNMPv3 discovery learned about an agent: its engine id, boots and time (RFC 3414 4). The time is
/// carried forward from the moment it was learned, as RFC 3414 3.2.7 asks.
/// </summary>
public sealed class UsmEngine(byte[] engineId, int boots, int time, TimeProvider clock)
{
    private readonly long _learnedAt = clock.GetTimestamp();

    public byte[] EngineId { get; } = engineId;

    public int Boots { get; } = boots;

    public int Time => (int)Math.Min(int.MaxValue, time + clock.GetElapsedTime(_learnedAt).TotalSeconds);

    /// <summary>Localized keys by user, computed once per engine.</summary>
    internal Dictionary<UsmUser, (byte[] Auth, byte[] Priv)> Keys { get; } = [];
}
