using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Collectors.Configs;
using Sotp.Core.Audit;
using Sotp.Core.Configs;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// Configuration backup from FRR in a test namespace, over SSH with the pinned host key: the first backup commits,
/// the next finds nothing changed, a change made with vtysh is exactly the next commit's diff (read by git itself), a
/// secret set on the router never reaches the repository, and a command the router does not know fails in words and
/// keeps the previous version.
/// </summary>
[LabTest]
[Collection(SshRouterCollection.Name)]
public sealed class ConfigBackupTests(SshRouterLab router)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly AuditActor Person = new("maria", ["Engineer"], "test");

    [Fact]
    public async Task A_vtysh_change_is_the_next_backups_diff_and_a_secret_never_reaches_the_repository()
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory();
        var api = await app.CreateBearerClientAsync();
        var device = await router.AddRouterAsync(api, "frr");
        var backup = app.Services.GetRequiredService<ConfigBackup>();
        var repository = app.Services.GetRequiredService<ConfigRepository>();
        var description = "backup-test-" + Guid.NewGuid().ToString("N")[..8];
        var secret = TestSecrets.NewPassword();
        try
        {
            // On demand through the API: 202, then the outcome in the device's list, the request in the audit trail.
            var asked = await api.PostAsync($"/api/v1/devices/{device}/configs/backup", null, Ct);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, asked.StatusCode);
            var listed = (await Eventually.WaitAsync(() => api.GetFromJsonAsync<JsonElement[]>($"/api/v1/devices/{device}/configs", Ct), l => l!.Length == 1))![0];
            Assert.Equal(("changed", "admin", "on demand"), (listed.GetProperty("outcome").GetString(), listed.GetProperty("author").GetString(),
                listed.GetProperty("trigger").GetString()));
            Assert.Contains("config.backup", (await api.GetFromJsonAsync<JsonElement>("/api/v1/audit/?action=config.backup", Ct)).ToString(), StringComparison.Ordinal);
            var first = new ConfigBackupRecord { Trigger = "on demand", RequestedBy = "admin", Commit = listed.GetProperty("commit").GetString() };
            // 29 more backups of the unchanged router: 30 backups, one version.
            for (var i = 0; i < 29; i++)
            {
                Assert.Equal(ConfigBackupOutcome.Unchanged, (await backup.BackupAsync(device, "scheduled", AuditActor.System("config backup"), Ct)).Outcome);
            }

            Assert.Single(repository.History("r1"));

            await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", "interface eth1", "-c", $"description {description}");
            var second = await backup.BackupAsync(device, "on demand", Person, Ct);
            Assert.Equal((ConfigBackupOutcome.Changed, 0), (second.Outcome, second.LinesRemoved));
            // Exactly that change: the description, in its interface block if eth1 had none before (FRR prints the block).
            var added = (await api.GetStringAsync($"/api/v1/devices/{device}/configs/diff?from={first.Commit}&to={second.Commit}", Ct)).Split('\n')
                .Where(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal)).Select(l => l[1..]).ToList();
            Assert.Contains($" description {description}", added);
            Assert.All(added, l => Assert.Contains(l, new[] { "interface eth1", $" description {description}", "exit", "!" }));
            Assert.Equal(added.Count, second.LinesAdded);

            await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", $"password {secret}");
            var third = await backup.BackupAsync(device, "on demand", Person, Ct);
            Assert.Equal(ConfigBackupOutcome.Changed, third.Outcome);
            var stored = repository.Read("r1", third.Commit!)!;
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
            Assert.Matches(@"(?m)^password <secret:[0-9a-f]{8}>$", stored);

            // git itself: three versions, the person in the message, and the secret in no version of any file.
            var folder = repository.Folder;
            var log = await LabProcess.RunAsync("git", ["-C", folder, "log", "--format=%an|%s", "--", ConfigRepository.PathOf("r1")]);
            Assert.Equal(["SOTP|r1: on demand by maria", "SOTP|r1: on demand by maria", "SOTP|r1: on demand by admin"], log.Trim().Split('\n'));
            var everything = await LabProcess.RunAsync("git", ["-C", folder, "log", "-p", "--all"]);
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);

            // Nor in what SOTP logged, nor in what the API shows (the diff the history page renders).
            Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
            var shown = await api.GetStringAsync($"/api/v1/devices/{device}/configs/diff?from={second.Commit}&to={third.Commit}", Ct);
            Assert.Contains("+password <secret:", shown, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        }
        finally
        {
            await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", "interface eth1", "-c", "no description");
            await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", "no password");
        }
    }

    [Fact]
    public async Task A_command_the_router_does_not_know_fails_in_words_and_keeps_the_previous_version()
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory();
        var api = await app.CreateBearerClientAsync();
        var device = await router.AddRouterAsync(api, "junos"); // FRR's vtysh does not know "show configuration | display set"
        var record = await app.Services.GetRequiredService<ConfigBackup>().BackupAsync(device, "on demand", Person, Ct);

        Assert.Equal(ConfigBackupOutcome.Failed, record.Outcome);
        Assert.StartsWith("r1 answered \"show configuration | display set\" with an error instead of a configuration: %", record.Error, StringComparison.Ordinal);
        Assert.Empty(app.Services.GetRequiredService<ConfigRepository>().History("r1"));
        Assert.Equal("failed", (await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/devices/{device}/configs", Ct))![0].GetProperty("outcome").GetString());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await api.GetAsync($"/api/v1/devices/{device}/configs/diff?from=0badc0de&to=0badc0de", Ct)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.PostAsync("/api/v1/devices/987654/configs/backup", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_trusted_router_is_backed_up_by_the_schedule_and_again_once_a_change_typed_in_vtysh_settles()
    {
        router.RequireRunning();
        // The default schedule (daily), a short settle, and SOTP's syslog where the router sends.
        await using var app = new SotpAppFactory().With("Sotp:Configs:BackupEveryHours", "24").With("Sotp:Configs:ChangeSettleSeconds", "3")
            .With("Sotp:Syslog:BindAddress", router.HostAddress.ToString());
        var api = await app.CreateBearerClientAsync();
        await router.RelaySyslogToAsync(app);
        var description = "schedule-test-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            // Trusting the key completes the settings: the schedule backs the router up at once (never backed up before).
            var device = await router.AddRouterAsync(api, "frr", monitored: true);
            var scheduled = await BackupsAsync(api, device, l => l.Length >= 1);
            Assert.Equal(("scheduled", "changed", "system"), (scheduled[^1].GetProperty("trigger").GetString(), scheduled[^1].GetProperty("outcome").GetString(),
                scheduled[^1].GetProperty("author").GetString()));

            // Three commands typed in one session: one backup once the typing stopped, named after the last line, with
            // exactly that change. Nothing else is due: the next scheduled one is a day away.
            await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", "interface eth2", "-c", $"description {description}", "-c", "exit");
            var changed = await BackupsAsync(api, device, l => l.Length >= 2);
            Assert.Equal(2, changed.Length);
            var latest = changed[0];
            Assert.Equal(("changed", "configuration change: Configuration command: description " + description),
                (latest.GetProperty("outcome").GetString(), latest.GetProperty("trigger").GetString()));
            var diff = await api.GetStringAsync($"/api/v1/devices/{device}/configs/diff?from={changed[1].GetProperty("commit").GetString()}"
                + $"&to={latest.GetProperty("commit").GetString()}", Ct);
            Assert.Contains($"+ description {description}", diff, StringComparison.Ordinal);
            Assert.Empty(await app.Services.GetRequiredService<ConfigBackupScheduler>().DueAsync(Ct));
        }
        finally
        {
            await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", "interface eth2", "-c", "no description");
        }
    }

    private static async Task<JsonElement[]> BackupsAsync(HttpClient api, int device, Func<JsonElement[], bool> done)
    {
        var list = await Eventually.WaitAsync(() => api.GetFromJsonAsync<JsonElement[]>($"/api/v1/devices/{device}/configs", Ct), l => done(l!), TimeSpan.FromSeconds(90));
        Assert.True(done(list!), "The expected backups were not made: " + string.Join(", ", list!.Select(b => b.ToString())));
        return list!;
    }

    [Fact]
    public async Task A_device_that_pages_hangs_floods_or_errors_fails_in_words_and_the_previous_version_stays_whole()
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory().With("Sotp:Configs:TimeoutSeconds", "5");
        var api = await app.CreateBearerClientAsync();
        var device = await router.AddRouterAsync(api, "cisco-ios", user: router.MisbehavingUser);
        var backup = app.Services.GetRequiredService<ConfigBackup>();
        var repository = app.Services.GetRequiredService<ConfigRepository>();
        try
        {
            await router.MisbehaveAsync("config");
            var good = await backup.BackupAsync(device, "on demand", Person, Ct);
            Assert.Equal(ConfigBackupOutcome.Changed, good.Outcome);
            var kept = repository.Read("r1", good.Commit!);

            foreach (var (behaviour, said) in new[]
            {
                ("paging", "r1 stopped at a pager prompt (\"--More--\") instead of printing its whole configuration: turn paging off for SOTP's user (\"terminal length 0\")"),
                ("hang", "r1 had not finished printing its configuration after 5 s"),
                ("flood", "r1 sent more than 50 MB for \"show running-config\": refused"),
                ("error", "r1 answered \"show running-config\" with an error instead of a configuration: % Invalid input detected"),
            })
            {
                await router.MisbehaveAsync(behaviour);
                var failed = await backup.BackupAsync(device, "on demand", Person, Ct);
                Assert.Equal(ConfigBackupOutcome.Failed, failed.Outcome);
                Assert.StartsWith(said, failed.Error, StringComparison.Ordinal);
                Assert.EndsWith("The previous version is kept.", failed.Error, StringComparison.Ordinal);
                Assert.Equal([good.Commit], repository.History("r1").Select(c => c.Sha));
            }

            // Nothing half-written anywhere: the working tree is the last version, and git says so.
            Assert.Equal(kept, await File.ReadAllTextAsync(Path.Combine(repository.Folder, ConfigRepository.PathOf("r1")), Ct));
            Assert.Equal("", await LabProcess.RunAsync("git", ["-C", repository.Folder, "status", "--porcelain"]));
            var outcomes = await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/devices/{device}/configs", Ct);
            Assert.Equal(["failed", "failed", "failed", "failed", "changed"], outcomes!.Select(o => o.GetProperty("outcome").GetString()));
        }
        finally
        {
            await router.MisbehaveAsync("config");
        }
    }
}
