using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Renci.SshNet;
using Sotp.Core.Audit;
using Sotp.Core.Configs;
using Sotp.Core.Devices;
using Sotp.Core.RemoteConsole;
using Sotp.Core.Observability;

namespace Sotp.Collectors.RemoteConsole;

/// <summary>What a command sent in command mode or through the API answered.</summary>
public sealed record CommandResult(string Output, long DurationMs, bool TimedOut, bool Truncated, long SessionId);

/// <summary>
/// Every console session SOTP has open: terminals (keystrokes to a shell with a PTY), command sessions and
/// one-off API commands. It enforces the allowlist for commands, the limits per user and per device, the idle
/// timeout, and ends a user's sessions when the account changes; every session is recorded
/// (<see cref="ConsoleRecorder"/>).
/// </summary>
public sealed partial class ConsoleSessions(
    SshConnector connector,
    DeviceCatalog catalog,
    ConsoleRecorder recorder,
    ConfigRules configRules,
    ConfigKeys configKeys,
    IOptionsMonitor<SshOptions> options,
    TimeProvider time,
    ILogger<ConsoleSessions> logger)
{
    private readonly ConcurrentDictionary<Guid, ConsoleSessionBase> _open = new();
    private readonly Lock _limits = new();

    public int OpenCount => _open.Count;

    public IReadOnlyList<ConsoleSessionBase> Open => [.. _open.Values];

    /// <summary>One command over a connection of its own, for the API: allowlist, audit, transcript, timeout.</summary>
    public async Task<CommandResult> RunCommandAsync(int deviceId, AuditActor actor, string command, CancellationToken cancellationToken)
    {
        var platform = (await catalog.GetAsync(deviceId, cancellationToken))?.Platform;
        var decision = CommandPolicy.Decide(command, platform);
        if (!decision.Allowed)
        {
            await recorder.RefuseAsync(deviceId, actor, command, decision, cancellationToken);
            throw new CommandRefusedException(decision.Reason);
        }

        await using var session = await OpenCommandSessionAsync(deviceId, actor, ConsoleSessionKind.Api, cancellationToken);
        return await session.RunAsync(command, onOutput: null, cancellationToken);
    }

    /// <summary>A connection kept open for command mode: whole commands, each checked before it is sent.</summary>
    public async Task<CommandSession> OpenCommandSessionAsync(int deviceId, AuditActor actor, ConsoleSessionKind kind, CancellationToken cancellationToken)
    {
        var (client, recording, slot, platform) = await ConnectAsync(deviceId, actor, kind, cancellationToken);
        try
        {
            var mask = await configKeys.GetAsync(cancellationToken);
            return Track(new CommandSession(slot, client, recording, platform, () => new SecretMasker(configRules, platform, mask), options.CurrentValue, this));
        }
        catch
        {
            await recording.EndAsync("the masking key could not be read");
            client.Dispose();
            Release(slot);
            throw;
        }
    }

    /// <summary>An interactive shell with a PTY of the browser's size; output goes to <paramref name="output"/>.</summary>
    public async Task<TerminalSession> OpenTerminalAsync(int deviceId, AuditActor actor, int columns, int rows,
        Func<ReadOnlyMemory<byte>, ValueTask> output, Action<string> closed, CancellationToken cancellationToken)
    {
        var (client, recording, slot, _) = await ConnectAsync(deviceId, actor, ConsoleSessionKind.Terminal, cancellationToken);
        try
        {
            var (c, r) = TerminalSession.Clamp(columns, rows);
            var shell = client.CreateShellStream("xterm-256color", (uint)c, (uint)r, 0, 0, 64 * 1024);
            var session = Track(new TerminalSession(slot, client, recording, shell, options.CurrentValue, time, output, closed, this, logger));
            session.Start();
            return session;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await recording.EndAsync($"the shell could not be opened: {ex.Message}");
            client.Dispose();
            Release(slot);
            throw new SshException($"The device refused a shell: {ex.Message}", ex);
        }
    }

    /// <summary>Ends every session of a user (account disabled, sessions ended by an Admin).</summary>
    public async Task EndForUserAsync(string userName, string reason)
    {
        foreach (var session in _open.Values.Where(s => s.Slot.UserName == userName))
        {
            await session.CloseAsync(reason);
        }
    }

    internal void Release(Slot slot) => _open.TryRemove(slot.Id, out _);

    private T Track<T>(T session) where T : ConsoleSessionBase
    {
        _open[session.Slot.Id] = session;
        return session;
    }

    private async Task<(SshClient Client, ConsoleRecording Recording, Slot Slot, string Platform)> ConnectAsync(
        int deviceId, AuditActor actor, ConsoleSessionKind kind, CancellationToken cancellationToken)
    {
        var slot = Reserve(deviceId, actor.Name);
        try
        {
            var (device, client) = await connector.ConnectAsync(deviceId, actor, cancellationToken);
            try
            {
                return (client, await recorder.StartAsync(deviceId, device.Name, actor, kind, cancellationToken), slot, device.Platform);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }
        catch
        {
            Release(slot);
            throw;
        }
    }

    // A placeholder counts against the limits from the moment a session is asked for, so a burst of opens
    // cannot slip past them.
    private Slot Reserve(int deviceId, string userName)
    {
        var o = options.CurrentValue;
        lock (_limits)
        {
            var slots = _open.Values.Select(s => s.Slot).ToArray();
            if (slots.Count(s => s.UserName == userName) >= o.MaxSessionsPerUser)
            {
                throw new SshSessionLimitException($"You have {o.MaxSessionsPerUser} console sessions open already: close one first.");
            }

            if (slots.Count(s => s.DeviceId == deviceId) >= o.MaxSessionsPerDevice)
            {
                throw new SshSessionLimitException($"{o.MaxSessionsPerDevice} console sessions are open on this device already: try again when one ends.");
            }

            var slot = new Slot(Guid.NewGuid(), deviceId, userName);
            _open[slot.Id] = new Reservation(slot, this);
            return slot;
        }
    }

    /// <summary>A session's place in the limits.</summary>
    public sealed record Slot(Guid Id, int DeviceId, string UserName);

    private sealed class Reservation(Slot slot, ConsoleSessions owner) : ConsoleSessionBase(slot, owner)
    {
        public override Task CloseAsync(string reason) => Task.CompletedTask;
    }
}

/// <summary>A command refused by the read-only allowlist; the message says why.</summary>
public sealed class CommandRefusedException(string reason) : SshException(reason);

/// <summary>One open console session: its place in the limits, and how it ends.</summary>
public abstract class ConsoleSessionBase(ConsoleSessions.Slot slot, ConsoleSessions owner) : IAsyncDisposable
{
    internal ConsoleSessions.Slot Slot { get; } = slot;

    public int DeviceId => Slot.DeviceId;

    public string UserName => Slot.UserName;

    protected ConsoleSessions Owner { get; } = owner;

    public abstract Task CloseAsync(string reason);

    public async ValueTask DisposeAsync()
    {
        await CloseAsync("closed");
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Command mode: one SSH connection, a fresh exec channel per command. What a command prints has its secrets masked
/// line by line (the platform's rules, as in configuration backups) before it is shown, kept or recorded: a read-only
/// user's <c>show running-config</c> shows that a secret is there, never the secret, and neither do the transcript
/// and its replay.
/// </summary>
public sealed class CommandSession : ConsoleSessionBase
{
    private readonly SshClient _client;
    private readonly ConsoleRecording _recording;
    private readonly string _platform;
    private readonly Func<SecretMasker> _masker;
    private readonly SshOptions _options;
    private int _closed;

    internal CommandSession(ConsoleSessions.Slot slot, SshClient client, ConsoleRecording recording, string platform, Func<SecretMasker> masker,
        SshOptions options, ConsoleSessions owner)
        : base(slot, owner) => (_client, _recording, _platform, _masker, _options) = (client, recording, platform, masker, options);

    public long SessionId => _recording.SessionId;

    /// <summary>Checks the command, sends it, streams its output; stops it at the command timeout.</summary>
    public async Task<CommandResult> RunAsync(string command, Func<ReadOnlyMemory<byte>, ValueTask>? onOutput, CancellationToken cancellationToken)
    {
        var decision = CommandPolicy.Decide(command, _platform);
        await _recording.CommandAsync(command.Trim(), decision, cancellationToken);
        if (!decision.Allowed)
        {
            throw new CommandRefusedException(decision.Reason);
        }

        var text = command.Trim();
        // The span says a command ran, how long and how it ended; the command and its output stay in the transcript.
        using var span = SotpTelemetry.Source.StartActivity("ssh command", ActivityKind.Client);
        span?.SetTag("sotp.session.id", _recording.SessionId);
        await _recording.ToDeviceAsync(Encoding.UTF8.GetBytes(text + "\n"), cancellationToken);
        using var ssh = _client.CreateCommand(text);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(_options.CommandTimeoutSeconds));
        var watch = Stopwatch.StartNew();
        var kept = new MemoryStream();
        var truncated = false;
        var timedOut = false;
        var execution = ssh.ExecuteAsync(limit.Token);
        var buffer = new byte[16 * 1024];
        var masker = _masker();
        try
        {
            int read;
            while ((read = await ssh.OutputStream.ReadAsync(buffer, limit.Token)) > 0)
            {
                await Keep(masker.Push(buffer.AsSpan(0, read)));
            }

            await execution;
            await Keep(masker.Flush());
            var error = masker.Push(Encoding.UTF8.GetBytes(ssh.Error ?? ""));
            await Keep(error.Concat(masker.Flush()).ToArray());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
            span.Fail("stopped at the command timeout");
            await Keep(masker.Flush());
            var notice = Encoding.UTF8.GetBytes($"\r\n[SOTP: stopped after {_options.CommandTimeoutSeconds} s]\r\n");
            await Keep(notice);
        }

        span?.SetTag("sotp.secrets.masked", masker.Secrets);
        return new CommandResult(Encoding.UTF8.GetString(kept.ToArray()), watch.ElapsedMilliseconds, timedOut, truncated, _recording.SessionId);

        async ValueTask Keep(ReadOnlyMemory<byte> data)
        {
            if (data.IsEmpty)
            {
                return;
            }

            await _recording.FromDeviceAsync(data, CancellationToken.None);
            if (onOutput is not null)
            {
                await onOutput(data);
            }

            var room = _options.MaxCommandOutputBytes - (int)kept.Length;
            kept.Write(data.Span[..Math.Min(room, data.Length)]);
            truncated |= data.Length > room;
        }
    }

    public override async Task CloseAsync(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        try
        {
            await _recording.EndAsync(reason);
        }
        finally
        {
            _client.Dispose();
            Owner.Release(Slot);
        }
    }
}
