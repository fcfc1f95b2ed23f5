using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Sotp.Tests.Support;

/// <summary>
/// A real SMTP server (LAB.md: Debian's python3-aiosmtpd, <c>/usr/bin/python3 -m aiosmtpd -n</c>) on a free loopback
/// port, printing every message it receives; the test reads them back whole. Stopped by its PID.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly StringBuilder _current = new();
    private Process? _process;

    private SmtpServer(int port) => Port = port;

    public int Port { get; }

    public IReadOnlyList<string> Messages => [.. _messages];

    public static async Task<SmtpServer> StartAsync()
    {
        var available = File.Exists(Python) && (await LabProcess.RunAsync(Python, ["-c", "import aiosmtpd; print('ok')"]).ContinueWith(t => t.IsCompletedSuccessfully));
        LabRequirement.Require(available, "aiosmtpd (Debian package python3-aiosmtpd) not found");
        var server = new SmtpServer(LabProcess.FreeLoopbackPort());
        server._process = Process.Start(new ProcessStartInfo(Python)
        {
            ArgumentList = { "-u", "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{server.Port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        server._process.OutputDataReceived += (_, line) => server.Read(line.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await Eventually.WaitAsync(async () =>
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync("127.0.0.1", server.Port);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }, up => up);
        return server;
    }

    private void Read(string? line)
    {
        lock (_current)
        {
            if (line is null || line.StartsWith("---------- MESSAGE FOLLOWS", StringComparison.Ordinal))
            {
                _current.Clear();
            }
            else if (line.StartsWith("------------ END MESSAGE", StringComparison.Ordinal))
            {
                _messages.Enqueue(_current.ToString());
                _current.Clear();
            }
            else
            {
                _current.AppendLine(line);
            }
        }
    }

    public ValueTask DisposeAsync() => new(LabProcess.StopAsync(_process));
}
