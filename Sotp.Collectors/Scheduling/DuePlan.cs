namespace Sotp.Collectors.Scheduling;

/// <summary>
/// Who is due when: each item has its own interval, its first turn spread with jitter so thousands of items
/// do not start in the same second, and is never started again while its last turn is still running.
/// </summary>
internal sealed class DuePlan<TItem>
{
    private Dictionary<int, Entry> _entries = [];

    public int Count => _entries.Count;

    /// <summary>
    /// Replaces the item list; items that stayed <paramref name="same"/> keep their turn. Returns the ids that left.
    /// </summary>
    public IReadOnlyList<int> Reload(IEnumerable<(int Id, TItem Item, TimeSpan Interval)> items, DateTimeOffset now, Func<TItem, TItem, bool> same)
    {
        var next = new Dictionary<int, Entry>();
        foreach (var (id, item, interval) in items)
        {
            if (_entries.TryGetValue(id, out var known) && same(known.Item, item))
            {
                known.Interval = interval;
                next[id] = known;
                continue;
            }

            var jitter = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(interval.TotalMilliseconds, 5000));
            next[id] = new Entry(id, item) { Interval = interval, NextDue = now + jitter };
        }

        var gone = _entries.Keys.Except(next.Keys).ToArray();
        _entries = next;
        return gone;
    }

    /// <summary>
    /// The entries due now, each marked running and given its next turn: one interval after the turn it was due
    /// for, not after now, so a sweep that comes late does not stretch every period (10 s stays 10 s on average).
    /// An entry that missed a whole interval (a pause, a long turn) starts afresh from now instead of catching up.
    /// </summary>
    public List<Entry> TakeDue(DateTimeOffset now)
    {
        var due = new List<Entry>();
        foreach (var entry in _entries.Values)
        {
            if (entry.Running || entry.NextDue > now)
            {
                continue;
            }

            entry.Running = true;
            var next = entry.NextDue + entry.Interval;
            entry.NextDue = next > now ? next : now + entry.Interval;
            due.Add(entry);
        }

        return due;
    }

    public sealed class Entry(int id, TItem item)
    {
        private volatile bool _running;
        private long _nextDueTicks;

        public int Id { get; } = id;

        public TItem Item { get; } = item;

        public TimeSpan Interval { get; set; }

        /// <summary>When the next turn is due (UTC); read by the sweep while a finishing turn may bring it forward.</summary>
        public DateTimeOffset NextDue
        {
            get => new(Interlocked.Read(ref _nextDueTicks), TimeSpan.Zero);
            set => Interlocked.Exchange(ref _nextDueTicks, value.UtcTicks);
        }

        /// <summary>Brings the next turn forward to <paramref name="at"/> if it was due later (a confirmation).</summary>
        public void DueBy(DateTimeOffset at)
        {
            var ticks = at.UtcTicks;
            long known;
            do
            {
                known = Interlocked.Read(ref _nextDueTicks);
                if (known <= ticks)
                {
                    return;
                }
            }
            while (Interlocked.CompareExchange(ref _nextDueTicks, ticks, known) != known);
        }

        /// <summary>Set when the turn starts; the runner clears it when the turn ends.</summary>
        public bool Running
        {
            get => _running;
            set => _running = value;
        }
    }
}
