using Sotp.Core.Devices;
using Sotp.Core.Events;
using Sotp.Core.Metrics;
using Sotp.Core.Status;

namespace Sotp.Core.Alerts;

/// <summary>
/// Decides alerts from observations: each rule watches each device (and interface) in its scope; a condition that
/// holds for the rule's duration opens an alert, one that clears resolves it. One alert per rule, device and
/// interface is open at a time (a repeat counts up); a condition that opens <see cref="AlertOptions.FlapThreshold"/>
/// times within the flap window is flapping and its alert is held open until it has been quiet. Interfaces alert
/// only after they were seen healthy once (a port that was never up is not news). Every method returns the alerts it
/// changed, for the caller to save, show and notify; the engine holds the open ones (the truth while the database is
/// away). Not thread-safe: one caller at a time.
/// </summary>
public sealed class AlertEngine(TimeProvider time, AlertOptions options)
{
    private readonly Dictionary<string, Watch> _watches = [];
    private IReadOnlyList<AlertRule> _rules = [];

    public IReadOnlyList<AlertRule> Rules => _rules;

    /// <summary>The active (open or acknowledged) alerts.</summary>
    public IEnumerable<Alert> Active => _watches.Values.Select(w => w.Alert).OfType<Alert>();

    /// <summary>Takes the rules as they are now; alerts of rules that were removed or disabled resolve.</summary>
    public List<Alert> SetRules(IReadOnlyList<AlertRule> rules)
    {
        _rules = [.. rules.Where(r => r.Enabled)];
        var kept = _rules.ToDictionary(r => r.Id);
        var changed = new List<Alert>();
        foreach (var (key, watch) in _watches.ToList())
        {
            if (!kept.TryGetValue(watch.RuleId, out var rule))
            {
                Resolve(watch, changed, "its rule was removed or switched off");
                _watches.Remove(key);
            }
            else
            {
                watch.Rule = rule;
            }
        }

        return changed;
    }

    /// <summary>Alerts that were active when the process stopped: continued, not opened again.</summary>
    public void Restore(IEnumerable<Alert> active)
    {
        foreach (var alert in active)
        {
            if (_rules.FirstOrDefault(r => r.Id == alert.RuleId) is { } rule)
            {
                var watch = WatchOf(rule, alert.DeviceId, alert.Target, alert.IfIndex);
                watch.Alert = alert;
                watch.Armed = true;
                watch.TrueSince = alert.OpenedAt;
            }
        }
    }

    public List<Alert> ObserveStatus(DeviceSummary device, DeviceStatus status, Func<DeviceSummary, bool> inMaintenance)
    {
        var changed = new List<Alert>();
        foreach (var rule in RulesFor(device, AlertCondition.DeviceDown))
        {
            var watch = WatchOf(rule, device.Id, "", null);
            watch.Armed = true;
            Level(watch, status.State == DeviceState.Down, device, inMaintenance, changed,
                $"{device.Name} is down", $"No answer to pings ({status.LossPercent:0} % lost).");
        }

        return changed;
    }

    public List<Alert> ObserveVitals(DeviceSummary device, DeviceVitals vitals, Func<DeviceSummary, bool> inMaintenance)
    {
        var changed = new List<Alert>();
        if (vitals.Error is not null)
        {
            return changed; // a failed poll says nothing new about the values
        }

        foreach (var rule in _rules.Where(r => r.WatchesInterfaces && r.Scope.Covers(device)))
        {
            foreach (var i in vitals.Interfaces.Where(i => rule.Scope.CoversInterface(i.Name)))
            {
                var watch = WatchOf(rule, device.Id, i.Name, i.IfIndex);
                var (bad, healthy, title, detail) = rule.Condition == AlertCondition.InterfaceDown
                    ? (i.Condition == InterfaceCondition.Down, i.Condition == InterfaceCondition.Up,
                        $"{i.Name} on {device.Name} is down", $"Link lost while enabled ({i.StatusName}).")
                    : (i.Condition == InterfaceCondition.AdminDown, i.Condition != InterfaceCondition.AdminDown,
                        $"{i.Name} on {device.Name} was shut", "The interface is administratively down.");
                watch.Armed |= healthy;
                if (watch.Armed)
                {
                    Level(watch, bad, device, inMaintenance, changed, title, i.Alias is { Length: > 0 } alias ? $"{detail} ({alias})" : detail);
                }
            }
        }

        foreach (var rule in RulesFor(device, AlertCondition.CpuAbove).Concat(RulesFor(device, AlertCondition.MemoryAbove)))
        {
            var (value, what) = rule.Condition == AlertCondition.CpuAbove ? (vitals.CpuPercent, "CPU") : (vitals.MemoryPercent, "Memory");
            if (value is { } percent && rule.Threshold is { } threshold)
            {
                var watch = WatchOf(rule, device.Id, "", null);
                watch.Armed = true;
                Level(watch, percent > threshold, device, inMaintenance, changed,
                    $"{what} on {device.Name} above {threshold:0.#} %", $"{what} at {percent:0.#} %.");
            }
        }

        return changed;
    }

    public List<Alert> ObserveEvent(DeviceSummary device, DeviceEvent item, EventExplanation explained, Func<DeviceSummary, bool> inMaintenance)
    {
        var changed = new List<Alert>();
        foreach (var rule in RulesFor(device, AlertCondition.Event).Where(r => string.Equals(r.EventCode, item.Code, StringComparison.OrdinalIgnoreCase)
            || string.Equals(r.EventCode, item.CatalogueId, StringComparison.Ordinal)))
        {
            var watch = WatchOf(rule, device.Id, "", null);
            watch.LastEventAt = item.At;
            if (watch.Alert is { } open)
            {
                Emit(watch, open with { Count = open.Count + 1, LastSeenAt = item.At, Detail = explained.Title }, changed);
            }
            else
            {
                Open(watch, device, inMaintenance, changed, $"{explained.Title} on {device.Name}", explained.Meaning ?? item.Text, item.At);
            }
        }

        return changed;
    }

    /// <summary>Conditions due after their duration, event alerts gone quiet, flapping alerts calmed down.</summary>
    public List<Alert> Tick(Func<int, DeviceSummary?> deviceOf, Func<DeviceSummary, bool> inMaintenance)
    {
        var now = time.GetUtcNow();
        var changed = new List<Alert>();
        foreach (var watch in _watches.Values)
        {
            if (deviceOf(watch.DeviceId) is not { } device)
            {
                Resolve(watch, changed, "the device left service");
                continue;
            }

            if (watch.Rule.Condition == AlertCondition.Event)
            {
                if (watch.Alert is not null && watch.LastEventAt is { } last && now - last >= TimeSpan.FromMinutes(watch.Rule.ResolveAfterMinutes))
                {
                    Resolve(watch, changed, $"no such event for {watch.Rule.ResolveAfterMinutes} min");
                }

                continue;
            }

            if (watch.Alert is null && watch.TrueSince is { } since && now - since >= TimeSpan.FromSeconds(watch.Rule.ForSeconds))
            {
                Open(watch, device, inMaintenance, changed, watch.Title!, watch.Detail, since);
            }
            else if (watch.Alert is { Flapping: true } && watch.ClearSince is { } clear && now - clear >= TimeSpan.FromMinutes(options.FlapQuietMinutes))
            {
                Resolve(watch, changed, $"quiet for {options.FlapQuietMinutes} min after flapping");
            }
        }

        foreach (var gone in _watches.Where(w => w.Value.Alert is null && deviceOf(w.Value.DeviceId) is null).Select(w => w.Key).ToList())
        {
            _watches.Remove(gone);
        }

        return changed;
    }

    /// <summary>A person acknowledged the alert (here or in another process): the engine's copy follows.</summary>
    public void Acknowledged(Alert acknowledged)
    {
        if (_watches.TryGetValue(acknowledged.Key, out var watch) && watch.Alert is { } open && open.Id == acknowledged.Id)
        {
            watch.Alert = open with { State = AlertState.Acknowledged, AcknowledgedAt = acknowledged.AcknowledgedAt, AcknowledgedBy = acknowledged.AcknowledgedBy };
        }
    }

    /// <summary>The database gave a new alert its id.</summary>
    public void Saved(Alert saved)
    {
        if (_watches.TryGetValue(saved.Key, out var watch) && watch.Alert is { Id: 0 } open && open.OpenedAt == saved.OpenedAt)
        {
            watch.Alert = open with { Id = saved.Id };
        }
    }

    private IEnumerable<AlertRule> RulesFor(DeviceSummary device, AlertCondition condition) =>
        _rules.Where(r => r.Condition == condition && r.Scope.Covers(device));

    private Watch WatchOf(AlertRule rule, int deviceId, string target, int? ifIndex)
    {
        var key = Alert.KeyOf(rule.Id, deviceId, target);
        if (!_watches.TryGetValue(key, out var watch))
        {
            _watches[key] = watch = new Watch(rule, deviceId, target, ifIndex, key);
        }

        return watch;
    }

    private void Level(Watch watch, bool isTrue, DeviceSummary device, Func<DeviceSummary, bool> inMaintenance, List<Alert> changed,
        string title, string detail)
    {
        var now = time.GetUtcNow();
        (watch.Title, watch.Detail) = (title, detail);
        if (isTrue)
        {
            watch.ClearSince = null;
            if (watch.TrueSince is null)
            {
                watch.TrueSince = now;
                if (watch.Alert is { } open)
                {
                    Emit(watch, open with { Count = open.Count + 1, LastSeenAt = now }, changed); // back while held open (flapping)
                }
            }

            if (watch.Alert is null && now - watch.TrueSince >= TimeSpan.FromSeconds(watch.Rule.ForSeconds))
            {
                Open(watch, device, inMaintenance, changed, title, detail, watch.TrueSince.Value);
            }
        }
        else
        {
            watch.TrueSince = null;
            if (watch.Alert is { Flapping: true })
            {
                watch.ClearSince ??= now;
            }
            else
            {
                Resolve(watch, changed, "the condition cleared");
            }
        }
    }

    private void Open(Watch watch, DeviceSummary device, Func<DeviceSummary, bool> inMaintenance, List<Alert> changed, string title, string? detail,
        DateTimeOffset since)
    {
        var now = time.GetUtcNow();
        var window = TimeSpan.FromMinutes(options.FlapWindowMinutes);
        while (watch.Opens.Count > 0 && now - watch.Opens.Peek() > window)
        {
            watch.Opens.Dequeue();
        }

        watch.Opens.Enqueue(now);
        var alert = new Alert
        {
            RuleId = watch.RuleId, DeviceId = device.Id, Target = watch.Target, IfIndex = watch.IfIndex, Key = watch.Key,
            Condition = watch.Rule.Condition, State = AlertState.Open, Severity = watch.Rule.Severity, Title = title, Detail = detail,
            OpenedAt = since, LastSeenAt = now, Flapping = watch.Opens.Count >= options.FlapThreshold, InMaintenance = inMaintenance(device),
        };
        Emit(watch, alert, changed);
    }

    private void Resolve(Watch watch, List<Alert> changed, string why)
    {
        if (watch.Alert is { } open)
        {
            changed.Add(open with { State = AlertState.Resolved, ResolvedAt = time.GetUtcNow(), Detail = $"{open.Detail} Resolved: {why}." });
            watch.Alert = null;
            watch.ClearSince = null;
        }
    }

    private static void Emit(Watch watch, Alert alert, List<Alert> changed)
    {
        watch.Alert = alert;
        changed.Add(alert);
    }

    private sealed class Watch(AlertRule rule, int deviceId, string target, int? ifIndex, string key)
    {
        public AlertRule Rule { get; set; } = rule;

        public int RuleId { get; } = rule.Id;

        public int DeviceId { get; } = deviceId;

        public string Target { get; } = target;

        public int? IfIndex { get; } = ifIndex;

        public string Key { get; } = key;

        /// <summary>Seen healthy once (interfaces): only then can it alert.</summary>
        public bool Armed { get; set; }

        public DateTimeOffset? TrueSince { get; set; }

        public DateTimeOffset? ClearSince { get; set; }

        public DateTimeOffset? LastEventAt { get; set; }

        public string? Title { get; set; }

        public string? Detail { get; set; }

        public Alert? Alert { get; set; }

        /// <summary>When the alert opened, within the flap window.</summary>
        public Queue<DateTimeOffset> Opens { get; } = new();
    }
}
