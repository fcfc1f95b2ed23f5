namespace Sotp.Core.Cluster;

/// <summary>
/// A number that grows on every change of a list schedulers read (devices, SNMP settings), so they know to
/// reload; a change made here also tells the other processes, whose schedulers reload at once as well.
/// </summary>
public sealed class ChangeVersion(ClusterOutbox? outbox)
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Bump(bool fromPeer = false)
    {
        Interlocked.Increment(ref _value);
        if (!fromPeer)
        {
            outbox?.Post(new DevicesChanged());
        }
    }
}
