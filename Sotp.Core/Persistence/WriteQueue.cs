using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Sotp.Core.Persistence;

/// <summary>
/// Records waiting, in the order they happened, for a <see cref="BatchWriter{T}"/> to save them: the memory that
/// carries monitoring through a database outage. It is bounded (<see cref="Capacity"/>): once full, the oldest
/// record makes room for the newest, and every record dropped is counted (<see cref="Dropped"/>) and the start of
/// each run of drops logged, so what an outage cost is never silent. A record queued by traced work (a sampled
/// trace, a person's Poll now) keeps that trace's context beside the queue, so the batch that saves it is a span of
/// the same trace.
/// </summary>
public sealed partial class WriteQueue<T>
{
    private readonly Channel<T> _channel;
    private readonly ILogger _logger;
    private readonly Lock _order = new();
    private readonly Queue<(long Position, ActivityContext Context)> _traced = new();
    private long _added;
    private long _dropped;
    private int _dropping;

    /// <param name="kind">What the records are, in words.</param>
    /// <param name="capacity">How many may wait at most.</param>
    /// <param name="setting">The setting that sizes the queue, named when records are dropped.</param>
    public WriteQueue(RecordKind kind, int capacity, string setting, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        (Kind, Capacity, Setting, _logger) = (kind, capacity, setting, logger);
        _channel = Channel.CreateBounded<T>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            OnDropped);
    }

    public RecordKind Kind { get; }

    public int Capacity { get; }

    public string Setting { get; }

    /// <summary>Records queued and not yet taken by the writer.</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>Records pushed out of the full queue since the process started.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal ChannelReader<T> Reader => _channel.Reader;

    /// <summary>At most this many traced records are remembered at once; the rest are saved untraced.</summary>
    internal const int MaxTraced = 1024;

    /// <summary>Queues a record; never blocks (a full queue drops its oldest).</summary>
    public void Add(T record)
    {
        var traced = Activity.Current is { Recorded: true } activity ? activity.Context : default;
        lock (_order)
        {
            // Positions count every record ever queued, so the reader knows which record a trace belongs to.
            _channel.Writer.TryWrite(record);
            _added++;
            if (traced != default && _traced.Count < MaxTraced)
            {
                _traced.Enqueue((_added, traced));
            }
        }

        if (_channel.Reader.Count < Capacity && Volatile.Read(ref _dropping) == 1)
        {
            Volatile.Write(ref _dropping, 0); // the writer is catching up: the next drop starts a new run
        }
    }

    /// <summary>Takes the oldest record and the trace it was queued in (default when untraced).</summary>
    internal bool TryTake(out T record, out ActivityContext traced)
    {
        traced = default;
        lock (_order)
        {
            var position = _added - _channel.Reader.Count + 1;
            if (!_channel.Reader.TryRead(out record!))
            {
                return false;
            }

            // Traces of records dropped (or taken) before this one are let go.
            while (_traced.TryPeek(out var first) && first.Position <= position)
            {
                _traced.Dequeue();
                if (first.Position == position)
                {
                    traced = first.Context;
                }
            }

            return true;
        }
    }

    private void OnDropped(T record)
    {
        Interlocked.Increment(ref _dropped);
        if (Interlocked.Exchange(ref _dropping, 1) == 0)
        {
            LogDropping(_logger, Kind.Count(Capacity), Setting);
        }
    }

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error,
        Message = "The database has been away too long: {Records} wait to be saved and the oldest are being dropped to make room ({Setting})")]
    private static partial void LogDropping(ILogger logger, string records, string setting);
}

/// <summary>What a queue's records are, in words: one, and many.</summary>
public sealed record RecordKind(string One, string Many)
{
    public static readonly RecordKind StateChanges = new("state change", "state changes");

    public static readonly RecordKind MetricSamples = new("metric sample", "metric samples");

    public static readonly RecordKind Events = new("event", "events");

    /// <summary>"1 state change", "12,000 state changes".</summary>
    public string Count(long count) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? One : Many)}");

    public override string ToString() => Many;
}
