using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Sotp.Console.Components.Pages.RemoteConsole;

/// <summary>
/// One xterm.js terminal in an element (wwwroot/js/terminal.js), opened once even when renders arrive while it
/// opens (two would share the element), closed and reopened when its options change, and released with the page.
/// </summary>
public sealed class Xterm(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? _module;
    private bool _opening;

    /// <summary>The terminal, once open: write, writeText, clear, focus, size.</summary>
    public IJSObjectReference? Terminal { get; private set; }

    /// <summary>Opens the terminal unless it is open or opening; true when this call opened it.</summary>
    public async Task<bool> OpenAsync(ElementReference element, object? dotnet, bool readOnly, bool convertEol)
    {
        if (Terminal is not null || _opening)
        {
            return false;
        }

        _opening = true;
        try
        {
            _module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/terminal.js");
            Terminal = await _module.InvokeAsync<IJSObjectReference>("open", element, dotnet, new { readOnly, convertEol });
            return true;
        }
        finally
        {
            _opening = false;
        }
    }

    public async Task CloseAsync()
    {
        var terminal = Terminal;
        Terminal = null;
        try
        {
            if (terminal is not null)
            {
                await terminal.InvokeVoidAsync("dispose");
                await terminal.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The page is gone: nothing to clean in it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        try
        {
            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
        }
    }
}
