using System.Diagnostics;
using System.IO.Compression;
using System.Net;

namespace Sotp.Tests.Support;

/// <summary>
/// snmpsim replaying a real device's recorded walk (Debian's example of a Cisco Catalyst 3750 with 59 interfaces,
/// CISCO-PROCESS-MIB and CISCO-MEMORY-POOL-MIB) on a free loopback port. The community is the data file's name.
/// Stopped by its PID.
/// </summary>
public sealed class SnmpsimServer : IAsyncLifetime
{
    public const string Community = "cisco3750";
    private const string Recording = "/usr/share/doc/snmpsim/examples/data/cisco_16_switch.snmprec.gz";

    private readonly TempDirectory _folder = new("sotp-snmpsim");
    private Process? _process;

    public IPEndPoint Endpoint { get; } = new(IPAddress.Loopback, LabProcess.FreeLoopbackPort());

    public static string? Executable => LabRequirement.FindExecutable("/usr/bin/snmpsimd");

    public void RequireRunning() => LabRequirement.Require(_process is { HasExited: false },
        "snmpsim (Debian package snmpsim, with its example recordings) not found or did not start");

    public async ValueTask InitializeAsync()
    {
        if (Executable is null || !File.Exists(Recording))
        {
            return;
        }

        var data = Directory.CreateDirectory(_folder.File("data")).FullName;
        var cache = Directory.CreateDirectory(_folder.File("cache")).FullName;
        await using (var source = new GZipStream(File.OpenRead(Recording), CompressionMode.Decompress))
        await using (var target = File.Create(Path.Combine(data, Community + ".snmprec")))
        {
            await source.CopyToAsync(target);
        }

        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "--data-dir=" + data, "--cache-dir=" + cache, $"--agent-udpv4-endpoint=127.0.0.1:{Endpoint.Port}", "--logging-method=null" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (Environment.UserName == "root")
        {
            // snmpsim refuses to run as root; as nobody it needs to read its data and write its index.
            foreach (var folder in new[] { _folder.Path, data })
            {
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                    | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }

            File.SetUnixFileMode(cache, (UnixFileMode)0x1FF);
            start.ArgumentList.Add("--process-user=nobody");
            start.ArgumentList.Add("--process-group=nogroup");
        }

        _process = Process.Start(start);
        _process?.BeginOutputReadLine();
        _process?.BeginErrorReadLine();
        // snmpsim indexes the recording before it answers.
        await LabProcess.WaitForSnmpAgentAsync(_process, Endpoint.Port, Community, 120, 0.5);
    }

    public async ValueTask DisposeAsync()
    {
        await LabProcess.StopAsync(_process);
        _folder.Dispose();
    }
}
