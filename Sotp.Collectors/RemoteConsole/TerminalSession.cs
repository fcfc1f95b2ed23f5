using System.Text;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Sotp.Core.RemoteConsole;

namespace Sotp.Collectors.RemoteConsole;

/// <summary>
/// An interactive shell with a PTY: output is pumped to the page as it comes (the page's send is awaited, so a
/// slow browser slows the reading instead of growing a buffer), keystrokes go to the shell within a rate, the
/// window follows the browser's size, and the session ends when the device closes it, it sits idle, or the
/// page or an Admin closes it.
/// </summary>
public sealed partial class TerminalSession : ConsoleSessionBase
{
    private const int MaxInputPerCall = 4096;

    private readonly SshClient _client;
    private readonly ConsoleRecording _recording;
    private readonly ShellStream _shell;
    private readonly SshOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<ReadOnlyMemory<byte>, ValueTask> _output;
    private readonly Action<string> _closed;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _inputLock = new();
    private Task _pump = Task.CompletedTask;
    private Task _idle = Task.CompletedTask;
    private long _lastActivity;
    private double _inputBudget;
    private long _budgetAt;
    private long _inputDropped;
    private long _droppedNoticeAt;
    private int _closedFlag;

    internal TerminalSession(ConsoleSessions.Slot slot, SshClient client, ConsoleRecording recording, ShellStream shell, SshOptions options,
        TimeProvider time, Func<ReadOnlyMemory<byte>, ValueTask> output, Action<string> closed, ConsoleSessions owner, ILogger logger)
        : base(slot, owner)
    {
        (_client, _recording, _shell, _options, _time, _output, _closed, _logger) = (client, recording, shell, options, time, output, closed, logger);
        _lastActivity = _budgetAt = time.GetTimestamp();
        _inputBudget = options.MaxInputBytesPerSecond;
    }

    public long SessionId => _recording.SessionId;

    /// <summary>Keystrokes refused because they came faster than <see cref="SshOptions.MaxInputBytesPerSecond"/>.</summary>
    public long InputDropped => Interlocked.Read(ref _inputDropped);

    public static (int Columns, int Rows) Clamp(int columns, int rows) => (Math.Clamp(columns, 10, 500), Math.Clamp(rows, 2, 300));

    internal void Start()
    {
        _pump = Task.Run(PumpAsync);
        _idle = Task.Run(WatchIdleAsync);
    }

    /// <summary>What the person typed or pasted; beyond the rate it is dropped, counted, and said so in the terminal.</summary>
    public async Task SendAsync(string input)
    {
        if (_closedFlag == 1 || input.Length == 0)
        {
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(input);
        if (input.Length > MaxInputPerCall || !TakeBudget(bytes.Length))
        {
            Interlocked.Add(ref _inputDropped, bytes.Length);
            await NoticeDroppedAsync();
            return;
        }

        Touch();
        await _recording.ToDeviceAsync(bytes, _stop.Token);
        _shell.Write(bytes, 0, bytes.Length);
        _shell.Flush();
    }

    public async Task ResizeAsync(int columns, int rows)
    {
        if (_closedFlag == 1)
        {
            return;
        }

        var (c, r) = Clamp(columns, rows);
        _shell.ChangeWindowSize((uint)c, (uint)r, 0, 0);
        await _recording.ResizeAsync(c, r, _stop.Token);
    }

    public override async Task CloseAsync(string reason)
    {
        if (Interlocked.Exchange(ref _closedFlag, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _recording.EndAsync(reason);
        }
        catch (Exception ex)
        {
            LogEndNotRecorded(_logger, SessionId, ex);
        }
        finally
        {
            _shell.Dispose();
            _client.Dispose();
            Owner.Release(Slot);
            _closed(reason);
        }
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[32 * 1024];
        var reason = "closed by the device";
        try
        {
            int read;
            while ((read = await _shell.ReadAsync(buffer, _stop.Token)) > 0)
            {
                Touch();
                var data = buffer.AsMemory(0, read);
                await _recording.FromDeviceAsync(data, _stop.Token);
                await _output(data);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            reason = $"connection lost: {ex.Message}";
        }

        await CloseAsync(reason);
    }

    private async Task WatchIdleAsync()
    {
        var limit = TimeSpan.FromMinutes(_options.IdleTimeoutMinutes);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Min(15, limit.TotalSeconds)), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (_time.GetElapsedTime(Interlocked.Read(ref _lastActivity)) >= limit)
                {
                    await CloseAsync($"idle for {_options.IdleTimeoutMinutes} min");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, _time.GetTimestamp());

    // A token bucket: MaxInputBytesPerSecond per second, as much in one burst.
    private bool TakeBudget(int bytes)
    {
        lock (_inputLock)
        {
            var now = _time.GetTimestamp();
            _inputBudget = Math.Min(_options.MaxInputBytesPerSecond,
                _inputBudget + (_time.GetElapsedTime(_budgetAt, now).TotalSeconds * _options.MaxInputBytesPerSecond));
            _budgetAt = now;
            if (bytes > _inputBudget)
            {
                return false;
            }

            _inputBudget -= bytes;
            return true;
        }
    }

    private async Task NoticeDroppedAsync()
    {
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _droppedNoticeAt);
        if (last != 0 && _time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1))
        {
            return;
        }

        Interlocked.Exchange(ref _droppedNoticeAt, now);
        LogInputDropped(_logger, SessionId, InputDropped);
        await _output(Encoding.UTF8.GetBytes($"\r\n[SOTP: input faster than {_options.MaxInputBytesPerSecond} bytes/s was dropped]\r\n"));
    }

    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "Console session {SessionId}: {Bytes} bytes of input dropped (too fast)")]
    private static partial void LogInputDropped(ILogger logger, long sessionId, long bytes);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Error, Message = "Console session {SessionId}: its end could not be recorded")]
    private static partial void LogEndNotRecorded(ILogger logger, long sessionId, Exception exception);
}
