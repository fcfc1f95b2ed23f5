using System.Diagnostics;

namespace Sotp.Tests.Support;

/// <summary>Runs a lab command to completion and returns what it printed; fails the test on a non-zero exit.</summary>
public static class LabProcess
{
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, TimeSpan? timeout = null, string? input = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in time");
        }

        var text = await output + await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} exited with {process.ExitCode}: {text}");
        }

        return text;
    }

    /// <summary>
    /// Asks an SNMP agent we started for sysUpTime with net-snmp's snmpget until it answers, it exits, or the
    /// attempts (each waiting up to <paramref name="timeoutSeconds"/>) run out. Without snmpget (the Debian
    /// package snmp) there is nothing to ask with: the lab tests then report the missing package.
    /// </summary>
    public static async Task WaitForSnmpAgentAsync(Process? agent, int port, string community, int attempts, double timeoutSeconds)
    {
        var snmpget = LabRequirement.FindExecutable("/usr/bin/snmpget");
        for (var attempt = 0; snmpget is not null && attempt < attempts && agent is { HasExited: false }; attempt++)
        {
            try
            {
                await RunAsync(snmpget, ["-v2c", "-c", community, "-t", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "-r", "0", "-On", $"udp:127.0.0.1:{port}", ".1.3.6.1.2.1.1.3.0"]);
                return;
            }
            catch (InvalidOperationException)
            {
                // not answering yet
            }
        }
    }

    /// <summary>Stops a peer this test started (by its own handle, never by name) and releases it.</summary>
    public static async Task StopAsync(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process?.Dispose();
    }

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreeLoopbackPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
