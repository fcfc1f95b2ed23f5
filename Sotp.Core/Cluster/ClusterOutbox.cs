using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Sotp.Core.Persistence;

namespace Sotp.Core.Cluster;

/// <summary>
/// Messages this process has for the others, read by <see cref="ClusterBus"/>. Only a shared (PostgreSQL)
/// database has others to tell; on SQLite everything stays in the process. Bounded: when the database is away
/// long enough for 20,000 messages to pile up, the oldest go (and are counted), the newest state still travels.
/// </summary>
public sealed class ClusterOutbox
{
    private readonly Channel<ClusterMessage> _messages;
    private long _dropped;

    public ClusterOutbox(IOptions<DatabaseOptions> database)
    {
        Shared = database.Value.Provider == DatabaseProvider.PostgreSql;
        _messages = Channel.CreateBounded<ClusterMessage>(
            new BoundedChannelOptions(20_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>Whether other processes can share this database, so messages travel at all.</summary>
    public bool Shared { get; }

    public long Dropped => Interlocked.Read(ref _dropped);

    internal ChannelReader<ClusterMessage> Reader => _messages.Reader;

    /// <summary>Queues a message for the others, carrying the current trace when it is sampled.</summary>
    public void Post(ClusterMessage message)
    {
        if (Shared)
        {
            _messages.Writer.TryWrite(System.Diagnostics.Activity.Current is { Recorded: true } traced ? message with { TraceParent = traced.Id } : message);
        }
    }
}
