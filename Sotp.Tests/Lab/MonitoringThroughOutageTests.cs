using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Collectors.Scheduling;
using Sotp.Collectors.Snmp.Agent;
using Sotp.Core.Metrics;
using Sotp.Core.Persistence;
using Sotp.Core.Status;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// Monitoring never goes blind: the database is taken away under a running SOTP (PostgreSQL stopped fast or
/// immediate at chosen points, SQLite locked by another process) while devices on loopback go silent and answer
/// again. Pings and SNMP polls go on; every transition the state machine decided is saved once, with its time, when
/// the database is back, and so is every sample.
/// </summary>
[LabTest]
public sealed class MonitoringThroughOutageTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    public enum StopPoint
    {
        /// <summary>Right after the collector read which collectors are alive (the old blind spot).</summary>
        AfterMembershipRead,

        /// <summary>Right as a state change is decided, its save under way.</summary>
        AsAChangeIsSaved,
    }

    [Theory]
    [InlineData("fast", 20, StopPoint.AfterMembershipRead)]
    [InlineData("immediate", 20, StopPoint.AsAChangeIsSaved)]
    [InlineData("immediate", 120, StopPoint.AfterMembershipRead)]
    public async Task PostgreSQL_stopped_under_running_monitoring_loses_no_transition_and_doubles_none(string mode, int seconds, StopPoint point)
    {
        postgres.RequireRunning();
        SilentLoopbackHosts.Require();
        // The long outage runs at the default 10 s period, so the probe period is measured at the setting users have.
        var interval = seconds >= 120 ? 10 : 5;
        await using var lab = await OutageLab.StartAsync(new SotpAppFactory()
            .With("Sotp:Database:Provider", "PostgreSql")
            .With("ConnectionStrings:Sotp", postgres.ConnectionString($"sotp_blind_{mode}_{seconds}")), interval, octet: seconds >= 120 ? 96 : mode == "fast" ? 97 : 98);

        if (point == StopPoint.AfterMembershipRead)
        {
            var share = lab.App.Services.GetRequiredService<CollectorShare>();
            var read = share.LastReadAt;
            await OutageLab.UntilAsync(() => share.LastReadAt != read);
        }
        else
        {
            await lab.Silent.SilenceAsync(lab.Trigger.Address);
            await OutageLab.UntilAsync(() => lab.Tracker.StatusOf(lab.Trigger.Id).State == DeviceState.Down);
        }

        await postgres.StopAsync(mode);
        var outage = await lab.PlayOutageAsync(TimeSpan.FromSeconds(seconds), restoreTrigger: point == StopPoint.AsAChangeIsSaved);
        await postgres.StartAsync();

        await lab.VerifyAsync(outage, "The database does not answer");
    }

    [Fact]
    public async Task SQLite_held_under_an_exclusive_lock_by_another_process_loses_no_transition_and_doubles_none()
    {
        SilentLoopbackHosts.Require();
        var sqlite3 = LabRequirement.FindExecutable("/usr/bin/sqlite3");
        LabRequirement.Require(sqlite3 is not null, "the sqlite3 shell (Debian package sqlite3) is needed to lock the database from another process");
        await using var lab = await OutageLab.StartAsync(new SotpAppFactory(), interval: 5, octet: 99);
        var file = Path.Combine(lab.App.DataFolder, "sotp.db");

        // Another process (a shell, a backup) takes the database's write lock and holds it until it is stopped.
        var holder = Process.Start(new ProcessStartInfo(sqlite3!, [file]) { RedirectStandardInput = true, RedirectStandardOutput = true })!;
        try
        {
            await holder.StandardInput.WriteAsync(".timeout 20000\nBEGIN EXCLUSIVE;\n");
            await holder.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
            await Eventually.WaitAsync(() => Task.FromResult(IsLocked(file)), locked => locked);
            Assert.True(IsLocked(file));

            var outage = await lab.PlayOutageAsync(TimeSpan.FromSeconds(20), restoreTrigger: false);
            await LabProcess.StopAsync(holder);
            holder = null;
            await lab.VerifyAsync(outage, "The database file is locked by another process.");
        }
        finally
        {
            await LabProcess.StopAsync(holder);
        }
    }

    private static bool IsLocked(string file)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=false;Default Timeout=1");
        try
        {
            connection.Open();
            using var write = connection.CreateCommand();
            write.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
            write.ExecuteNonQuery();
            return false;
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            return true;
        }
    }

    private sealed record LabDevice(int Id, string Address);

    private sealed record Outage(DateTimeOffset From, DateTimeOffset To, HttpStatusCode Readiness, string? ReadinessSays);

    /// <summary>
    /// SOTP with 30 loopback devices in groups: steady ones that always answer (one also polled over SNMP), groups
    /// that go silent and answer again during the outage, one group still silent when the database returns, and a
    /// trigger device for choosing the moment the database goes.
    /// </summary>
    private sealed class OutageLab : IAsyncDisposable
    {
        private readonly List<DeviceStateChanged> _decided = [];
        private readonly CancellationTokenSource _stop = new();
        private Task _recording = Task.CompletedTask;
        private SnmpAgent? _agent;

        private OutageLab(SotpAppFactory app, int interval)
        {
            App = app;
            Interval = TimeSpan.FromSeconds(interval);
            Tracker = app.Services.GetRequiredService<ReachabilityTracker>();
        }

        public SotpAppFactory App { get; }

        public SilentLoopbackHosts Silent { get; } = new();

        public ReachabilityTracker Tracker { get; }

        public TimeSpan Interval { get; }

        public LabDevice[] Steady { get; private set; } = [];

        public LabDevice Polled { get; private set; } = null!;

        public LabDevice[] Early { get; private set; } = [];

        public LabDevice[] Late { get; private set; } = [];

        public LabDevice[] AtReturn { get; private set; } = [];

        public LabDevice Trigger { get; private set; } = null!;

        private IEnumerable<LabDevice> All => [.. Steady, Polled, .. Early, .. Late, .. AtReturn, Trigger];

        private static CancellationToken Ct => TestContext.Current.CancellationToken;

        public static async Task<OutageLab> StartAsync(SotpAppFactory app, int interval, int octet)
        {
            var lab = new OutageLab(app, interval);
            var recording = lab.Tracker.Changes.Subscribe();
            lab._recording = lab.RecordAsync(recording);
            var api = await app.CreateBearerClientAsync();
            async Task<LabDevice> AddAsync(int host)
            {
                var address = $"127.0.{octet}.{host}";
                var response = await api.PostAsJsonAsync("/api/v1/devices",
                    new { name = $"blind-{octet}-{host}", address, kind = "router", pingIntervalSeconds = interval }, Ct);
                response.EnsureSuccessStatusCode();
                return new LabDevice((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32(), address);
            }

            var devices = new List<LabDevice>();
            for (var host = 1; host <= 30; host++)
            {
                devices.Add(await AddAsync(host));
            }

            (lab.Steady, lab.Polled, lab.Early, lab.Late, lab.AtReturn, lab.Trigger) =
                (devices[..10].ToArray(), devices[10], devices[11..17].ToArray(), devices[17..23].ToArray(), devices[23..29].ToArray(), devices[29]);

            lab._agent = new SnmpAgent(new IPEndPoint(IPAddress.Parse(lab.Polled.Address), 0), new SimulatedDevice("blind-sim", 2, TimeProvider.System, 3).Mib, "blind-community");
            (await api.PutAsJsonAsync($"/api/v1/devices/{lab.Polled.Id}/snmp",
                new { version = "2c", port = lab._agent.LocalEndpoint.Port, community = "blind-community", pollIntervalSeconds = 10 }, Ct)).EnsureSuccessStatusCode();

            await UntilAsync(() => lab.All.All(d => lab.Tracker.StatusOf(d.Id).State == DeviceState.Up));
            var vitals = app.Services.GetRequiredService<VitalsTracker>();
            await UntilAsync(() => vitals.Series(lab.Polled.Id, MetricSeries.Cpu).Count > 0);
            return lab;
        }

        /// <summary>Polls a condition the lab makes true in its own time, every few milliseconds, for up to three minutes.</summary>
        public static async Task UntilAsync(Func<bool> condition)
        {
            var deadline = Stopwatch.StartNew();
            while (!condition() && deadline.Elapsed < TimeSpan.FromMinutes(3))
            {
                await Task.Delay(10, Ct);
            }

            Assert.True(condition(), "the lab never reached the state the test waits for");
        }

        private async Task RecordAsync(Sotp.Core.Live.LiveSubscription<IReadOnlyList<DeviceStateChanged>, DeviceStateChanged> subscription)
        {
            using (subscription)
            {
                try
                {
                    await foreach (var batch in subscription.ReadBatchesAsync(_stop.Token))
                    {
                        lock (_decided)
                        {
                            _decided.AddRange(batch);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        /// <summary>
        /// With the database gone: one group goes silent and answers again, another does the same a minute in (on a
        /// long outage), a third goes silent and stays so until the database is back; ends once the outage has lasted
        /// <paramref name="length"/>, asking readiness on the way.
        /// </summary>
        public async Task<Outage> PlayOutageAsync(TimeSpan length, bool restoreTrigger)
        {
            var from = DateTimeOffset.UtcNow;
            var api = App.CreateClient();
            var asked = Stopwatch.StartNew();
            using var ready = await api.GetAsync("/healthz/ready", Ct);
            asked.Stop();
            var says = (await ready.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("checks").EnumerateArray()
                .Single(c => c.GetProperty("name").GetString() == "database").GetProperty("description").GetString();
            TestContext.Current.TestOutputHelper?.WriteLine($"readiness during the outage: {(int)ready.StatusCode} in {asked.ElapsedMilliseconds} ms: {says}");

            if (restoreTrigger)
            {
                await Silent.RestoreAsync(Trigger.Address);
            }

            await GoSilentAndBackAsync(Early);
            if (length >= TimeSpan.FromSeconds(60))
            {
                await WaitUntilAsync(from + TimeSpan.FromSeconds(60));
                await GoSilentAndBackAsync(Late);
            }

            await Silent.SilenceAsync([.. AtReturn.Select(d => d.Address)]);
            await UntilAsync(() => AtReturn.All(d => Tracker.StatusOf(d.Id).State == DeviceState.Down));
            await WaitUntilAsync(from + length);
            return new Outage(from, DateTimeOffset.UtcNow, ready.StatusCode, says);
        }

        private async Task GoSilentAndBackAsync(LabDevice[] group)
        {
            await Silent.SilenceAsync([.. group.Select(d => d.Address)]);
            await UntilAsync(() => group.All(d => Tracker.StatusOf(d.Id).State == DeviceState.Down));
            await Silent.RestoreAsync([.. group.Select(d => d.Address)]);
            await UntilAsync(() => group.All(d => Tracker.StatusOf(d.Id).State == DeviceState.Up));
        }

        private static async Task WaitUntilAsync(DateTimeOffset moment)
        {
            if (moment - DateTimeOffset.UtcNow is { Ticks: > 0 } left)
            {
                await Task.Delay(left, Ct); // the outage's length is the scenario, not a wait for something to happen
            }
        }

        public async Task VerifyAsync(Outage outage, string readinessSays)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, outage.Readiness);
            Assert.StartsWith(readinessSays, outage.ReadinessSays, StringComparison.Ordinal);

            await Silent.RestoreAsync([.. AtReturn.Select(d => d.Address)]);
            await UntilAsync(() => All.All(d => Tracker.StatusOf(d.Id).State == DeviceState.Up));

            // Every decision the state machine made, as the database has it once the writer caught up: once each, with its time.
            var writer = App.Services.GetRequiredService<StatusEventWriter>();
            var contexts = App.Services.GetRequiredService<IDbContextFactory<SotpDbContext>>();
            var ids = All.Select(d => d.Id).ToHashSet();
            DeviceStateChanged[] Decided()
            {
                lock (_decided)
                {
                    return [.. _decided.Where(c => ids.Contains(c.DeviceId))];
                }
            }

            // The recording has caught up once each device's last recorded change is the one its state began with.
            await UntilAsync(() => ids.All(id => Decided().LastOrDefault(c => c.DeviceId == id)?.At == Tracker.StatusOf(id).Since));
            var decided = Decided();
            var saved = await Eventually.WaitAsync(async () =>
            {
                try
                {
                    await using var db = await contexts.CreateDbContextAsync(Ct);
                    return await db.StatusEvents.Where(e => ids.Contains(e.DeviceId)).OrderBy(e => e.Id).ToListAsync(Ct);
                }
                catch (Exception ex) when (DatabaseAvailability.IsUnavailable(ex))
                {
                    return [];
                }
            }, rows => writer.Waiting == 0 && rows.Count >= decided.Length, TimeSpan.FromMinutes(2));

            static string Key(int device, DeviceState from, DeviceState to, DateTimeOffset at) => $"{device} {from}->{to} @{at.UtcTicks / 10}";
            foreach (var device in ids)
            {
                Assert.Equal(
                    decided.Where(c => c.DeviceId == device).Select(c => Key(c.DeviceId, c.From, c.To, c.At)),
                    saved.Where(e => e.DeviceId == device).Select(e => Key(e.DeviceId, e.PreviousState, e.State, e.At)));
            }

            var during = decided.Count(c => c.At >= outage.From && c.At <= outage.To);
            Assert.True(during >= 2 * Early.Length, $"only {during} transitions were decided during the outage");
            Assert.Equal(0, writer.Dropped);

            // Pings never paused, at the period set.
            foreach (var device in Steady)
            {
                var probes = Tracker.HistoryOf(device.Id).Where(p => p.At >= outage.From - Interval && p.At <= outage.To + Interval).ToArray();
                var gaps = probes.Zip(probes.Skip(1), (a, b) => b.At - a.At).ToArray();
                Assert.All(gaps, gap => Assert.True(gap < Interval * 1.5, $"a {gap.TotalSeconds:0.0} s gap between probes of a {Interval.TotalSeconds} s device"));
                var mean = (probes[^1].At - probes[0].At) / gaps.Length;
                Assert.True(Math.Abs((mean - Interval) / Interval) <= 0.05, $"mean probe period {mean.TotalSeconds:0.00} s for {Interval.TotalSeconds} s");
            }

            // SNMP polls went on too, and what they measured is saved once.
            var polledDuring = App.Services.GetRequiredService<VitalsTracker>().Series(Polled.Id, MetricSeries.Cpu)
                .Where(p => p.Value is not null && p.At >= outage.From && p.At <= outage.To).Select(p => p.At.UtcTicks / 10).ToArray();
            Assert.NotEmpty(polledDuring);
            var metrics = App.Services.GetRequiredService<MetricWriter>();
            var samples = await Eventually.WaitAsync(async () =>
            {
                await using var db = await contexts.CreateDbContextAsync(Ct);
                return await db.MetricSamples.Where(s => s.DeviceId == Polled.Id && s.Series == MetricSeries.Cpu).Select(s => s.At).ToListAsync(Ct);
            }, rows => metrics.Waiting == 0 && polledDuring.All(at => rows.Any(r => r.UtcTicks / 10 == at)), TimeSpan.FromMinutes(2));
            Assert.All(polledDuring, at => Assert.Single(samples, s => s.UtcTicks / 10 == at));
            Assert.Equal(samples.Count, samples.Distinct().Count());
            Assert.Equal(0, metrics.Dropped);

            TestContext.Current.TestOutputHelper?.WriteLine(
                $"outage {(outage.To - outage.From).TotalSeconds:0} s: {decided.Length} transitions ({during} during it) saved once each; " +
                $"{polledDuring.Length} CPU polls during it saved");
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _recording;
            if (_agent is not null)
            {
                await _agent.DisposeAsync();
            }

            await Silent.DisposeAsync();
            await App.DisposeAsync();
            _stop.Dispose();
        }
    }
}
