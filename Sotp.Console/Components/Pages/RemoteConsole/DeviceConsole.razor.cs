using Sotp.Console.Components.Controls;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Sotp.Collectors.RemoteConsole;
using Sotp.Console.Components.Pages.Devices;
using Sotp.Console.Identity;
using Sotp.Core.Security;
using Sotp.Core.RemoteConsole;

namespace Sotp.Console.Components.Pages.RemoteConsole;

/// <summary>How the console talks to the device.</summary>
public enum ConsoleMode
{
    None,

    /// <summary>Whole commands checked against the read-only allowlist (console.read-only).</summary>
    Command,

    /// <summary>Keystrokes to a shell with a PTY (console.full).</summary>
    Terminal,
}

/// <summary>
/// A device's console: an xterm.js terminal relayed to SSH over the circuit (console.full), or command mode
/// with quick commands (console.read-only). Host keys are trusted on first use by someone who may change
/// devices, and a changed key is shown as an alert until an Admin trusts the new one. Every action is checked
/// again on the server (<see cref="UserAccess"/>) and recorded by <see cref="ConsoleSessions"/>.
/// </summary>
public partial class DeviceConsole
{
    private ElementReference _element;
    private Xterm? _xterm;
    private DotNetObjectReference<DeviceConsole>? _self;
    private SshSettings? _settings;
    private TerminalSession? _terminal;
    private CommandSession? _commands;
    private ConsoleMode _mode;
    private bool _loading = true;
    private bool _busy;
    private bool _mayEdit;
    private bool _mayReplaceKey;
    private bool _mayTerminal;
    private bool _mayCommand;
    private string? _command;
    private string? _presented;
    private ShownFailure? _error;
    private string? _ended;

    [Parameter, EditorRequired]
    public int DeviceId { get; set; }

    [Parameter, EditorRequired]
    public required string Address { get; set; }

    [Parameter]
    public string? Platform { get; set; }

    [Parameter]
    public bool FullScreen { get; set; }

    [Inject]
    public required SshSettingsStore Settings { get; init; }

    [Inject]
    public required ConsoleSessions Sessions { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private string Target => DeviceId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Nothing is sent before the terminal that shows the answer exists, nor while a step runs.</summary>
    private bool Waiting => _busy || Term is null;

    private IJSObjectReference? Term => _xterm?.Terminal;

    protected override async Task OnInitializedAsync()
    {
        _mayEdit = await Access.HoldsAsync(SotpPermissions.DevicesWrite);
        _mayReplaceKey = await Access.HoldsAsync(SotpPermissions.SettingsManage);
        _mayTerminal = await Access.HoldsAsync(SotpPermissions.ConsoleFull);
        _mayCommand = await Access.HoldsAsync(SotpPermissions.ConsoleReadOnly);
        _mode = _mayCommand ? ConsoleMode.Command : _mayTerminal ? ConsoleMode.Terminal : ConsoleMode.None;
        // A key pinned or refused elsewhere (another person's connection, another replica) shows here at once.
        await FollowAsync(() => Settings.Changes.Subscribe(DeviceId),
            async (_, ct) => _settings = await Settings.GetAsync(DeviceId, ct),
            async _ => _settings = await Settings.GetAsync(DeviceId, Stopping));
        _loading = false;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_settings is not null && _mode != ConsoleMode.None && RendererInfo.IsInteractive)
        {
            _xterm ??= new Xterm(JS);
            _self ??= DotNetObjectReference.Create(this);
            if (await _xterm.OpenAsync(_element, _self, readOnly: _mode == ConsoleMode.Command, convertEol: _mode == ConsoleMode.Command))
            {
                StateHasChanged(); // the buttons wait for the terminal
            }
        }
    }

    /// <summary>Keystrokes from the terminal (batched by the page).</summary>
    [JSInvokable]
    public Task Input(string data) => _terminal?.SendAsync(data) ?? Task.CompletedTask;

    [JSInvokable]
    public Task Resize(int columns, int rows) => _terminal?.ResizeAsync(columns, rows) ?? Task.CompletedTask;

    // The mode is set first: a render during the awaits below reopens the terminal, and it must open for the new mode.
    private async Task SwitchModeAsync(ConsoleMode mode)
    {
        (_mode, _error, _ended) = (mode, null, null);
        await CloseSessionsAsync($"switched to {mode.ToString().ToLowerInvariant()} mode");
        await DisposeTerminalAsync();
    }

    private async Task ConnectAsync()
    {
        using var span = Access.StartAction("Console", "open terminal");
        if (await Access.RequireAsync(SotpPermissions.ConsoleFull, "console.session.start", "device", Target) is not { } actor)
        {
            _error = Failures.Of("You may no longer open a terminal.");
            return;
        }

        await BusyAsync(async () =>
        {
            var term = Term!;
            var size = await term.InvokeAsync<int[]>("size");
            await term.InvokeVoidAsync("clear");
            _terminal = await Sessions.OpenTerminalAsync(DeviceId, actor, size[0], size[1], WriteAsync, OnClosed, CancellationToken.None);
            _ended = null;
            await term.InvokeVoidAsync("focus");
        });
    }

    private async Task DisconnectAsync()
    {
        if (_terminal is { } terminal)
        {
            await terminal.CloseAsync("closed by the user");
        }
    }

    private Task RunTypedAsync() => RunAsync(_command ?? "");

    private async Task RunAsync(string command)
    {
        using var span = Access.StartAction("Console", "run command");
        if (await Access.RequireAsync(SotpPermissions.ConsoleReadOnly, "console.command", "device", Target) is not { } actor)
        {
            _error = Failures.Of("You may no longer run commands.");
            return;
        }

        await BusyAsync(async () =>
        {
            await Term!.InvokeVoidAsync("writeText", $"\r\n\u001b[1;36m$ {Printable(command)}\u001b[0m\r\n");
            try
            {
                _commands ??= await Sessions.OpenCommandSessionAsync(DeviceId, actor, ConsoleSessionKind.Command, CancellationToken.None);
                var result = await _commands.RunAsync(command, WriteAsync, CancellationToken.None);
                if (result.Truncated)
                {
                    _error = new ShownFailure("The output was longer than the limit: the end was cut (it is complete in the transcript).", null);
                }

                _command = null;
            }
            catch (CommandRefusedException refused)
            {
                _error = Failures.Of(refused.Message);
            }
        });
    }

    private async Task TrustAsync(string fingerprint)
    {
        using var span = Access.StartAction("Console", "trust host key");
        var replacing = _settings?.HostKeyFingerprint is not null;
        if (await Access.RequireAsync(replacing ? SotpPermissions.SettingsManage : SotpPermissions.DevicesWrite, "device.ssh.trust", "device", Target) is not { } actor)
        {
            _error = Failures.Of("You may not trust host keys for this device.");
            return;
        }

        var outcome = await Settings.PinAsync(DeviceId, fingerprint, mayReplace: replacing, actor, CancellationToken.None);
        if (outcome == PinOutcome.ReplaceNotAllowed)
        {
            _error = Failures.Of("Another key is trusted; an Admin must replace it.");
        }

        _presented = null; // the settings feed brings the pinned key
    }

    // What the dialog saves comes back through the settings feed.
    private async Task EditSettingsAsync() =>
        await Dialogs.ShowAsync<SshSettingsDialog>("SSH settings",
            new DialogParameters<SshSettingsDialog> { { d => d.DeviceId, DeviceId }, { d => d.Settings, _settings } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });

    // Each failure in the person's words; the host-key ones turn into the trust prompts above.
    private async Task BusyAsync(Func<Task> action)
    {
        (_busy, _error) = (true, null);
        try
        {
            await action();
        }
        catch (SshHostKeyUnknownException unknown)
        {
            _presented = unknown.Presented;
        }
        catch (SshHostKeyChangedException)
        {
            // Recorded by the connector; the settings feed brings the changed-key alert.
        }
        catch (SshException ex)
        {
            _error = Failures.Of(ex.Message);
            if (_commands is not null && ex is not CommandRefusedException)
            {
                await _commands.CloseAsync("failed");
                _commands = null;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    // Output from the device: handed to xterm as bytes, awaited, so a slow browser slows the reading.
    private async ValueTask WriteAsync(ReadOnlyMemory<byte> data)
    {
        var bytes = data.ToArray();
        await InvokeAsync(async () =>
        {
            if (Term is { } term)
            {
                await term.InvokeVoidAsync("write", bytes);
            }
        });
    }

    private void OnClosed(string reason) => _ = InvokeAsync(() =>
    {
        (_terminal, _ended) = (null, reason);
        StateHasChanged();
    });

    private static string Printable(string text) => new(text.Where(c => !char.IsControl(c)).ToArray());

    private async Task CloseSessionsAsync(string reason)
    {
        if (_terminal is { } terminal)
        {
            _terminal = null;
            await terminal.CloseAsync(reason);
        }

        if (_commands is { } commands)
        {
            _commands = null;
            await commands.CloseAsync(reason);
        }
    }

    private Task DisposeTerminalAsync() => _xterm?.CloseAsync() ?? Task.CompletedTask;

    protected override async ValueTask DisposeLiveAsync()
    {
        await CloseSessionsAsync("page closed");
        if (_xterm is not null)
        {
            await _xterm.DisposeAsync();
        }

        _self?.Dispose();
    }
}
