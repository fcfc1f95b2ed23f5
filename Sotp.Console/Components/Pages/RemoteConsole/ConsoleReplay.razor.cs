using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Sotp.Console.Components.Pages.RemoteConsole;
using Sotp.Core.RemoteConsole;

namespace Sotp.Console.Components.Pages.RemoteConsole;

/// <summary>
/// Replays a console session's transcript for an Auditor: at the pace it happened (pauses longer than 5 s are
/// shortened, and said so), ten times faster, or all at once; with whether it still matches the audit trail.
/// Command sessions show each command as it was sent; a terminal shows what the device echoed.
/// </summary>
public partial class ConsoleReplay
{
    private const int Page = 500;
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    private ElementReference _element;
    private Xterm? _xterm;
    private ConsoleSession? _session;
    private bool? _intact;
    private bool _loading = true;
    private bool _playing;
    private string? _position;

    private bool CannotPlay => _playing || Term is null;

    private IJSObjectReference? Term => _xterm?.Terminal;
    private CancellationTokenSource? _stop;

    [Parameter]
    public long Id { get; set; }

    [Inject]
    public required ConsoleRecorder Recorder { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        if (await Recorder.VerifyAsync(Id, CancellationToken.None) is { } verified)
        {
            (_session, _intact) = (verified.Session, verified.Intact);
        }

        _loading = false;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_session is not null && RendererInfo.IsInteractive)
        {
            _xterm ??= new Xterm(JS);
            if (await _xterm.OpenAsync(_element, null, readOnly: true, convertEol: _session.Kind != ConsoleSessionKind.Terminal))
            {
                StateHasChanged(); // the play buttons wait for the terminal
            }
        }
    }

    private async Task PlayAsync(double speed)
    {
        if (Term is null || _session is null)
        {
            return;
        }

        await StopAsync();
        _stop = new CancellationTokenSource();
        var stop = _stop.Token;
        _playing = true;
        await Term.InvokeVoidAsync("clear");
        try
        {
            var at = 0;
            var shortened = false;
            for (var from = 0; !stop.IsCancellationRequested; from += Page)
            {
                var chunks = await Recorder.ChunksAsync(Id, from, Page, stop);
                foreach (var chunk in chunks)
                {
                    var pause = TimeSpan.FromMilliseconds(chunk.OffsetMs - at);
                    if (speed > 0 && pause > TimeSpan.Zero)
                    {
                        shortened |= pause > LongestPause;
                        await Task.Delay((pause > LongestPause ? LongestPause : pause) / speed, stop);
                    }

                    at = chunk.OffsetMs;
                    await ShowAsync(chunk);
                    _position = $"{TimeSpan.FromMilliseconds(at):hh\\:mm\\:ss} of {(_session.EndedAt ?? _session.StartedAt) - _session.StartedAt:hh\\:mm\\:ss}" +
                                (shortened ? " (long pauses shortened to 5 s)" : "");
                    StateHasChanged();
                }

                if (chunks.Count < Page)
                {
                    _position = $"End of the session ({chunks.Count + from} pieces){(shortened ? ", long pauses shortened to 5 s" : "")}.";
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            _position = "Stopped.";
        }
        catch (JSDisconnectedException)
        {
            return;
        }
        finally
        {
            _playing = false;
        }
    }

    private Task ShowAsync(TranscriptChunk chunk) => chunk.Direction switch
    {
        TranscriptDirection.FromDevice => Term!.InvokeVoidAsync("write", chunk.Data).AsTask(),
        // The device echoes what a terminal's user types; a command session's command is shown as sent.
        TranscriptDirection.ToDevice when _session!.Kind != ConsoleSessionKind.Terminal =>
            Term!.InvokeVoidAsync("writeText", $"\r\n\u001b[1;36m$ {Encoding.UTF8.GetString(chunk.Data).TrimEnd()}\u001b[0m\r\n").AsTask(),
        _ => Task.CompletedTask,
    };

    private async Task StopAsync()
    {
        if (_stop is { } stop)
        {
            await stop.CancelAsync();
            stop.Dispose();
            _stop = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_xterm is not null)
        {
            await _xterm.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
