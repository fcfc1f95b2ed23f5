using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sotp.Collectors.RemoteConsole;
using Sotp.Core.Audit;
using Sotp.Core.Devices;
using Sotp.Core.Persistence;
using Sotp.Core.Security;
using Sotp.Core.RemoteConsole;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// The remote console against a real router CLI: sshd in a namespace whose users log in to FRR's vtysh.
/// Scripts through the API, and the engine the terminal page uses.
/// </summary>
[Collection(SshRouterCollection.Name)]
[LabTest]
public sealed class RemoteConsoleSshTests(SshRouterLab router) : IAsyncLifetime
{
    private readonly SotpAppFactory _app = new SotpAppFactory()
        .With("Sotp:Ssh:ConnectTimeoutSeconds", "2")
        .With("Sotp:Ssh:CommandTimeoutSeconds", "3")
        .With("Sotp:Ssh:MaxSessionsPerDevice", "2")
        .With("Sotp:Ssh:MaxInputBytesPerSecond", "2048")
        .With("Sotp:Ssh:MaxCommandOutputBytes", "1024");

    private HttpClient _api = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _api = await _app.CreateBearerClientAsync();

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_script_trusts_the_presented_key_and_runs_show_version_on_the_router()
    {
        router.RequireRunning();
        var id = await DeviceAsync("r1-api", new { port = 22, user = router.PasswordUser, password = router.Password });

        var untrusted = await _api.PostAsJsonAsync($"/api/v1/devices/{id}/commands", new { command = "show version" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, untrusted.StatusCode);
        Assert.Equal("application/problem+json", untrusted.Content.Headers.ContentType?.MediaType);
        var problem = await untrusted.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(router.HostKeyFingerprint, problem.GetProperty("fingerprint").GetString()); // as ssh-keygen -lf prints it

        var trusted = await _api.PostAsJsonAsync($"/api/v1/devices/{id}/ssh/trust", new { fingerprint = problem.GetProperty("fingerprint").GetString() }, Ct);
        Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
        var answer = await _api.PostAsJsonAsync($"/api/v1/devices/{id}/commands", new { command = "sh ver" }, Ct);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("FRRouting", body.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Contains("(r1)", body.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("durationMs").GetInt64() > 0);

        // On the record: the session, the command, and a transcript that still matches the hash in the trail.
        var sessionId = body.GetProperty("sessionId").GetInt64();
        var actions = await ActionsAsync();
        Assert.Contains("console.session.start", actions);
        Assert.Contains("console.command", actions);
        Assert.Contains("console.session.end", actions);
        var verified = await _app.Services.GetRequiredService<ConsoleRecorder>().VerifyAsync(sessionId, Ct);
        Assert.True(verified!.Value.Intact);
        Assert.True(verified.Value.Session.BytesFromDevice > 100);
        Assert.DoesNotContain(router.Password, await AuditTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_login_works_with_a_private_key_stored_encrypted()
    {
        router.RequireRunning();
        var id = await DeviceAsync("r1-key", new { port = 22, user = router.KeyUser, privateKey = router.PrivateKey });
        await TrustAsync(id);

        var response = await _api.PostAsJsonAsync($"/api/v1/devices/{id}/commands", new { command = "show version" }, Ct);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Contains("FRRouting", body.GetProperty("output").GetString(), StringComparison.Ordinal);
        var settings = await (await _api.GetAsync($"/api/v1/devices/{id}/ssh", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("PRIVATE", settings, StringComparison.Ordinal);
        Assert.Contains("stored encrypted", settings, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("conf t")]
    [InlineData("show ver ; configure terminal")]
    [InlineData("show run | redirect x")]
    public async Task A_refused_command_never_reaches_the_device_and_is_on_the_record(string command)
    {
        router.RequireRunning();
        var id = await DeviceAsync($"r1-refuse-{Math.Abs(command.GetHashCode(StringComparison.Ordinal)) % 1000}", new { port = 22, user = router.PasswordUser, password = router.Password });
        await TrustAsync(id);

        var response = await _api.PostAsJsonAsync($"/api/v1/devices/{id}/commands", new { command }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Command not allowed", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
        var actions = await ActionsAsync();
        Assert.Contains("console.command.refused", actions);
        Assert.DoesNotContain("console.session.start", actions);
    }

    [Fact]
    public async Task A_wrong_password_unreachable_device_and_closed_port_each_say_what_happened()
    {
        router.RequireRunning();
        var wrong = await DeviceAsync("r1-wrong", new { port = 22, user = router.PasswordUser, password = TestSecrets.NewPassword() });
        await TrustAsync(wrong);
        Assert.Contains("refused the login", await FailureAsync(wrong, HttpStatusCode.BadGateway), StringComparison.Ordinal);

        var closed = await DeviceAsync("r1-closed", new { port = 2222, user = router.PasswordUser, password = router.Password });
        Assert.Contains("connection refused", await FailureAsync(closed, HttpStatusCode.BadGateway), StringComparison.Ordinal);

        var dark = await DeviceAsync("r1-dark", new { port = 22, user = router.PasswordUser, password = router.Password });
        await router.SetLinkAsync("eth0", up: false);
        try
        {
            Assert.Contains("unreachable", await FailureAsync(dark, HttpStatusCode.BadGateway), StringComparison.Ordinal);
        }
        finally
        {
            await router.SetLinkAsync("eth0", up: true);
        }
    }

    [Fact]
    public async Task A_command_that_never_ends_is_stopped_at_its_timeout_with_what_it_printed()
    {
        router.RequireRunning();
        var id = await DeviceAsync("r1-hung", new { port = 22, user = router.PasswordUser, password = router.Password });
        await TrustAsync(id);

        // vtysh's ping runs the system ping, which never stops by itself.
        var response = await _api.PostAsJsonAsync($"/api/v1/devices/{id}/commands", new { command = $"ping {router.HostAddress}" }, Ct);

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.GatewayTimeout, problem.ToString());
        Assert.Contains("PING", problem.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("durationMs").GetInt64() >= 3000);
        Assert.Equal(0, _app.Services.GetRequiredService<ConsoleSessions>().OpenCount);
    }

    [Fact]
    public async Task Output_beyond_the_limit_is_cut_in_the_answer_and_kept_whole_in_the_transcript()
    {
        router.RequireRunning();
        var id = await DeviceAsync("r1-long", new { port = 22, user = router.PasswordUser, password = router.Password });
        await TrustAsync(id);

        var body = await (await _api.PostAsJsonAsync($"/api/v1/devices/{id}/commands", new { command = "show version" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.True(body.GetProperty("truncated").GetBoolean());
        Assert.True(Encoding.UTF8.GetByteCount(body.GetProperty("output").GetString()!) <= 1024);
        var session = (await _app.Services.GetRequiredService<ConsoleRecorder>().VerifyAsync(body.GetProperty("sessionId").GetInt64(), Ct))!.Value;
        Assert.True(session.Session.BytesFromDevice > 1024);
        Assert.True(session.Intact);
    }

    [Fact]
    public async Task A_secret_in_show_running_config_is_masked_in_the_answer_the_transcript_and_its_replay()
    {
        router.RequireRunning();
        var id = await DeviceAsync("r1-secret", new { port = 22, user = router.PasswordUser, password = router.Password });
        await TrustAsync(id);
        var secret = TestSecrets.NewPassword();
        await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", $"password {secret}");
        try
        {
            var body = await (await _api.PostAsJsonAsync($"/api/v1/devices/{id}/commands", new { command = "show running-config" }, Ct))
                .Content.ReadFromJsonAsync<JsonElement>(Ct);
            var output = body.GetProperty("output").GetString()!;
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            Assert.Matches(@"(?m)^password <secret:[0-9a-f]{8}>\r?$", output);

            // What an Auditor replays is the transcript: masked there too, and still intact.
            var sessionId = body.GetProperty("sessionId").GetInt64();
            var recorder = _app.Services.GetRequiredService<ConsoleRecorder>();
            var chunks = await recorder.ChunksAsync(sessionId, 0, 10_000, Ct);
            var transcript = Encoding.UTF8.GetString([.. chunks.SelectMany(c => c.Data)]);
            Assert.Contains("password <secret:", transcript, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, transcript, StringComparison.Ordinal);
            Assert.True((await recorder.VerifyAsync(sessionId, Ct))!.Value.Intact);
        }
        finally
        {
            await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", "no password");
        }
    }

    [Fact]
    public async Task A_changed_host_key_is_refused_audited_and_only_an_admin_trusts_the_new_one()
    {
        router.RequireRunning();
        var id = await DeviceAsync("r1-rekey", new { port = 22, user = router.PasswordUser, password = router.Password });
        await TrustAsync(id);
        var old = router.HostKeyFingerprint;
        await router.ReplaceHostKeyAsync();

        var refused = await _api.PostAsJsonAsync($"/api/v1/devices/{id}/commands", new { command = "show version" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Host key changed", problem.GetProperty("title").GetString());
        Assert.Equal(router.HostKeyFingerprint, problem.GetProperty("fingerprint").GetString());
        Assert.Equal(old, problem.GetProperty("pinned").GetString());
        Assert.Contains("device.ssh.hostkey-changed", await ActionsAsync());
        var settings = await (await _api.GetAsync($"/api/v1/devices/{id}/ssh", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(router.HostKeyFingerprint, settings.GetProperty("refusedFingerprint").GetString());

        var engineerPassword = await _app.CreateUserAsync("eng-rekey", SotpRoles.Engineer);
        using var engineer = await _app.CreateBearerClientAsync("eng-rekey", engineerPassword);
        var byEngineer = await engineer.PostAsJsonAsync($"/api/v1/devices/{id}/ssh/trust", new { fingerprint = router.HostKeyFingerprint }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, byEngineer.StatusCode);

        await TrustAsync(id); // the Admin
        Assert.Equal(HttpStatusCode.OK, (await _api.PostAsJsonAsync($"/api/v1/devices/{id}/commands", new { command = "show version" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_interactive_shell_relays_keystrokes_and_output_and_follows_the_window_size()
    {
        router.RequireRunning();
        var id = await DeviceAsync("r1-shell", new { port = 22, user = router.PasswordUser, password = router.Password });
        await TrustAsync(id);
        var output = new StringBuilder();
        var closed = new TaskCompletionSource<string>();
        var sessions = _app.Services.GetRequiredService<ConsoleSessions>();

        var terminal = await sessions.OpenTerminalAsync(id, new AuditActor("admin", [SotpRoles.Admin], "test"), 100, 30,
            data => { lock (output) { output.Append(Encoding.UTF8.GetString(data.Span)); } return ValueTask.CompletedTask; },
            reason => closed.TrySetResult(reason), Ct);
        await Eventually.WaitAsync(() => Task.FromResult(Text()), t => t.Contains("r1#", StringComparison.Ordinal));
        await terminal.ResizeAsync(132, 40);
        await terminal.SendAsync("show version\r");
        var seen = await Eventually.WaitAsync(() => Task.FromResult(Text()), t => t.Contains("FRRouting", StringComparison.Ordinal));
        Assert.Contains("FRRouting", seen, StringComparison.Ordinal);

        // A flood of keystrokes is cut at the rate and said so; the shell stays usable.
        await terminal.SendAsync(new string('x', 4000));
        Assert.True(terminal.InputDropped > 0);
        Assert.Contains("was dropped", Text(), StringComparison.Ordinal);

        await terminal.SendAsync("\u0015exit\r"); // Ctrl-U clears the line first
        Assert.Equal("closed by the device", await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        var verified = await _app.Services.GetRequiredService<ConsoleRecorder>().VerifyAsync(terminal.SessionId, Ct);
        Assert.True(verified!.Value.Intact);
        var chunks = await _app.Services.GetRequiredService<ConsoleRecorder>().ChunksAsync(terminal.SessionId, 0, 1000, Ct);
        Assert.Contains(chunks, c => c.Direction == TranscriptDirection.Resize && Encoding.ASCII.GetString(c.Data) == "132x40");
        Assert.Contains("show version", string.Concat(chunks.Where(c => c.Direction == TranscriptDirection.ToDevice).Select(c => Encoding.UTF8.GetString(c.Data))),
            StringComparison.Ordinal);

        string Text()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    [Fact]
    public async Task Sessions_are_limited_per_device_and_a_disabled_users_terminal_ends_at_once()
    {
        router.RequireRunning();
        var id = await DeviceAsync("r1-limits", new { port = 22, user = router.PasswordUser, password = router.Password });
        await TrustAsync(id);
        var sessions = _app.Services.GetRequiredService<ConsoleSessions>();
        await _app.CreateUserAsync("eng-limits", SotpRoles.Engineer);
        var engineer = new AuditActor("eng-limits", [SotpRoles.Engineer], "test");
        var closed = new TaskCompletionSource<string>();

        await using var first = await sessions.OpenCommandSessionAsync(id, engineer, ConsoleSessionKind.Command, Ct);
        var terminal = await sessions.OpenTerminalAsync(id, engineer, 80, 24, _ => ValueTask.CompletedTask, r => closed.TrySetResult(r), Ct);
        var third = await _api.PostAsJsonAsync($"/api/v1/devices/{id}/commands", new { command = "show version" }, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);

        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserDirectory>();
            var user = (await users.ListAsync(Ct)).Single(u => u.UserName == "eng-limits");
            Assert.True((await users.SetDisabledAsync(user.Id, true, new AuditActor("admin", [SotpRoles.Admin], "test"), Ct)).Succeeded);
        }

        Assert.Equal("account disabled", await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        var left = await Eventually.WaitAsync(() => Task.FromResult(sessions.Open.Count(s => s.UserName == "eng-limits")), n => n == 0);
        Assert.Equal(0, left);
        GC.KeepAlive(terminal);
    }

    [Fact]
    public async Task An_idle_terminal_is_closed_at_its_idle_timeout()
    {
        router.RequireRunning();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = _app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));
        var admin = new AuditActor("admin", [SotpRoles.Admin], "test");
        var device = await app.Services.GetRequiredService<DeviceCatalog>().CreateAsync(
            new DeviceInput { Name = "r1-idle", Address = router.Address.ToString(), Kind = "router", Monitored = false }, admin, Ct);
        var settings = app.Services.GetRequiredService<SshSettingsStore>();
        await settings.SaveAsync(device.Device!.Id, new SshSettingsInput { User = router.PasswordUser, Password = router.Password }, admin, Ct);
        await settings.PinAsync(device.Device.Id, router.HostKeyFingerprint, mayReplace: false, admin, Ct);
        var closed = new TaskCompletionSource<string>();
        var prompt = new TaskCompletionSource();

        await using var terminal = await app.Services.GetRequiredService<ConsoleSessions>().OpenTerminalAsync(device.Device.Id, admin, 80, 24,
            data => { if (Encoding.UTF8.GetString(data.Span).Contains("r1#", StringComparison.Ordinal)) { prompt.TrySetResult(); } return ValueTask.CompletedTask; },
            reason => closed.TrySetResult(reason), Ct);
        await prompt.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        clock.Advance(TimeSpan.FromMinutes(14));
        Assert.False(closed.Task.IsCompleted);

        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal("idle for 15 min", await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    private async Task<int> DeviceAsync(string name, object ssh)
    {
        var created = await _api.PostAsJsonAsync("/api/v1/devices",
            new { name, address = router.Address.ToString(), kind = "router", platform = "frr", monitored = false }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        var saved = await _api.PutAsJsonAsync($"/api/v1/devices/{id}/ssh", ssh, Ct);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(Ct));
        return id;
    }

    private async Task TrustAsync(int id) => Assert.Equal(HttpStatusCode.OK,
        (await _api.PostAsJsonAsync($"/api/v1/devices/{id}/ssh/trust", new { fingerprint = router.HostKeyFingerprint }, Ct)).StatusCode);

    private async Task<string> FailureAsync(int id, HttpStatusCode status)
    {
        var response = await _api.PostAsJsonAsync($"/api/v1/devices/{id}/commands", new { command = "show version" }, Ct);
        Assert.Equal(status, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString()!;
    }

    private async Task<List<string>> ActionsAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SotpDbContext>>().CreateDbContextAsync(Ct);
        return await db.AuditEntries.Select(e => e.Action).ToListAsync(Ct);
    }

    private async Task<string> AuditTextAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SotpDbContext>>().CreateDbContextAsync(Ct);
        return string.Join('\n', await db.AuditEntries.Select(e => e.After ?? "").ToListAsync(Ct));
    }
}
