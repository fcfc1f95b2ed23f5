// The console's terminal: xterm.js in the page, SSH on the server. Keystrokes go to .NET in small batches
// (one call at a time, at most 4 KB each); output arrives as bytes and is written by xterm, which renders
// control sequences itself and never as HTML. The window size follows the element (FitAddon). A replay
// opens it read-only without a .NET peer.
import { Terminal } from '../lib/xterm/xterm.mjs';
import { FitAddon } from '../lib/xterm/addon-fit.mjs';

const MaxInput = 4096;

export function open(element, dotnet, options) {
  const term = new Terminal({
    cursorBlink: !options.readOnly,
    disableStdin: !!options.readOnly,
    convertEol: !!options.convertEol,
    scrollback: 10000,
    fontFamily: "'DejaVu Sans Mono', 'Cascadia Mono', Menlo, monospace",
    fontSize: 14,
    theme: { background: '#1a1a27', foreground: '#e4e4ef', cursor: '#7ec3ff' },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(element);
  fit.fit();

  let pending = '';
  let sending = false;
  const flush = async () => {
    if (sending || pending.length === 0) return;
    sending = true;
    const chunk = pending.slice(0, MaxInput);
    pending = pending.slice(chunk.length);
    try {
      await dotnet.invokeMethodAsync('Input', chunk);
    } catch {
      pending = '';
    } finally {
      sending = false;
      if (pending.length > 0) setTimeout(flush, 0);
    }
  };
  const input = options.readOnly ? null : term.onData(data => {
    // Beyond 64 KB waiting, more is dropped here too: the server would refuse it anyway.
    if (pending.length < 65536) pending += data;
    setTimeout(flush, 10);
  });

  let resizeTimer = 0;
  const resized = term.onResize(({ cols, rows }) => {
    clearTimeout(resizeTimer);
    if (dotnet) resizeTimer = setTimeout(() => dotnet.invokeMethodAsync('Resize', cols, rows).catch(() => {}), 150);
  });
  const observer = new ResizeObserver(() => { try { fit.fit(); } catch { /* detached */ } });
  observer.observe(element);

  return {
    write: bytes => term.write(bytes),
    writeText: text => term.write(text),
    clear: () => term.reset(),
    focus: () => term.focus(),
    size: () => [term.cols, term.rows],
    dispose: () => {
      observer.disconnect();
      input?.dispose();
      resized.dispose();
      clearTimeout(resizeTimer);
      term.dispose();
    },
  };
}
