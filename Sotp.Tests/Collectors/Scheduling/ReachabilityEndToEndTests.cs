using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Core.Persistence;
using Sotp.Core.Status;
using Sotp.Tests.Support;

namespace Sotp.Tests.Collectors.Scheduling;

/// <summary>The whole chain on real loopback hosts: scheduler, ICMP engine, state machine, writer, API.</summary>
[LabTest]
public sealed class ReachabilityEndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SotpAppFactory FastApp() => new SotpAppFactory()
        .With("Sotp:Reachability:DefaultIntervalSeconds", "1")
        .With("Sotp:Reachability:TimeoutMilliseconds", "300")
        .With("Sotp:Reachability:DownAfterLost", "2");

    private static async Task<int> AddAsync(HttpClient api, string name, string address)
    {
        var response = await api.PostAsJsonAsync("/api/v1/devices", new { name, address, kind = "router" }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
    }

    private static Task<string> WaitForStateAsync(HttpClient api, int id, string state) => Eventually.WaitAsync(
        async () => (await api.GetFromJsonAsync<JsonElement>($"/api/v1/devices/{id}/status", Ct)).GetProperty("state").GetString()!,
        last => last == state);

    [Fact]
    public async Task A_silent_device_goes_down_while_its_neighbour_stays_up_and_both_changes_are_saved()
    {
        SilentLoopbackHosts.Require();
        await using var silent = new SilentLoopbackHosts();
        await silent.SilenceAsync("127.0.91.2");
        await using var app = FastApp();
        var pinger = app.Services.GetRequiredService<Sotp.Collectors.Icmp.IcmpPinger>();
        LabRequirement.Require(pinger.KindFor(System.Net.Sockets.AddressFamily.InterNetwork) != Sotp.Collectors.Icmp.IcmpSocketKind.None, pinger.Explain());
        var api = await app.CreateBearerClientAsync();

        var healthy = await AddAsync(api, "healthy-rtr", "127.0.91.1");
        var dark = await AddAsync(api, "dark-rtr", "127.0.91.2");

        Assert.Equal("Down", await WaitForStateAsync(api, dark, "Down"));
        Assert.Equal("Up", await WaitForStateAsync(api, healthy, "Up"));
        var status = await api.GetFromJsonAsync<JsonElement>($"/api/v1/devices/{dark}/status", Ct);
        Assert.Equal(100, status.GetProperty("lossPercent").GetDouble());

        var contexts = app.Services.GetRequiredService<IDbContextFactory<SotpDbContext>>();
        await Eventually.WaitAsync(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync(Ct);
            return await db.StatusEvents.CountAsync(Ct);
        }, saved => saved >= 2);

        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            var saved = await db.StatusEvents.OrderBy(e => e.Id).Select(e => new { e.DeviceId, e.State }).ToListAsync(Ct);
            Assert.Contains(new { DeviceId = dark, State = DeviceState.Down }, saved);
            Assert.Contains(new { DeviceId = healthy, State = DeviceState.Up }, saved);
        }
    }

    [Fact]
    public async Task A_device_that_stops_answering_is_judged_down_seconds_after_the_first_loss_not_intervals_later()
    {
        SilentLoopbackHosts.Require();
        await using var silent = new SilentLoopbackHosts();
        // The defaults a user has: every 10 s, 1 s timeout, Down after 3 lost in a row, confirmations 1 s apart.
        await using var app = new SotpAppFactory();
        var pinger = app.Services.GetRequiredService<Sotp.Collectors.Icmp.IcmpPinger>();
        LabRequirement.Require(pinger.KindFor(System.Net.Sockets.AddressFamily.InterNetwork) != Sotp.Collectors.Icmp.IcmpSocketKind.None, pinger.Explain());
        var api = await app.CreateBearerClientAsync();
        var id = await AddAsync(api, "going-dark", "127.0.91.7");
        Assert.Equal("Up", await WaitForStateAsync(api, id, "Up"));

        await silent.SilenceAsync("127.0.91.7");

        Assert.Equal("Down", await WaitForStateAsync(api, id, "Down"));
        // Judged from the state machine's own record: the probes it was given and the time it decided.
        var tracker = app.Services.GetRequiredService<ReachabilityTracker>();
        var history = tracker.HistoryOf(id);
        var lastAnswer = history.Last(p => p.RttMs is not null);
        var lost = history.SkipWhile(p => p != lastAnswer).Skip(1).ToArray();
        var downSince = tracker.StatusOf(id).Since!.Value;
        Assert.True(lost.Length >= 3, $"only {lost.Length} lost probes recorded");
        var decided = downSince - lost[0].At;
        Assert.True(decided < TimeSpan.FromSeconds(6), $"Down {decided.TotalSeconds:0.0} s after the first loss (three probes at 10 s take 20 s)");
        // While it answered, it was probed at its interval only: no extra probes.
        var answered = history.TakeWhile(p => p.RttMs is not null).ToArray();
        Assert.All(answered.Zip(answered.Skip(1), (a, b) => b.At - a.At), gap => Assert.True(gap > TimeSpan.FromSeconds(9), $"{gap.TotalSeconds:0.0} s"));
    }

    [Fact]
    public async Task After_a_restart_a_device_keeps_its_down_since()
    {
        using var folder = new TempDirectory();
        var contexts = new SotpDbContextFactory(DatabaseProvider.Sqlite, $"Data Source={folder.File("r.db")};Pooling=false", 30);
        await using (var db = contexts.CreateDbContext())
        {
            await db.Database.MigrateAsync(Ct);
            var device = new Sotp.Core.Devices.Device { Name = "restored", Address = "127.0.92.1" };
            db.Devices.Add(device);
            await db.SaveChangesAsync(Ct);
            var since = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
            db.StatusEvents.AddRange(
                new StatusEvent { DeviceId = device.Id, State = DeviceState.Up, PreviousState = DeviceState.Unknown, At = since.AddHours(-1) },
                new StatusEvent { DeviceId = device.Id, State = DeviceState.Down, PreviousState = DeviceState.Up, At = since });
            await db.SaveChangesAsync(Ct);
        }

        var tracker = new ReachabilityTracker(new StaticOptionsMonitor<ReachabilityOptions>(new ReachabilityOptions()), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ReachabilityTracker>.Instance);
        await new StatusHistory(contexts).RestoreAsync(tracker, Ct);

        var status = tracker.StatusOf(1);
        Assert.Equal(DeviceState.Down, status.State);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero), status.Since);
    }
}
