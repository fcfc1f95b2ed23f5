using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// The real console run as the unprivileged user nobody, where the kernel allows neither a raw ICMP socket
/// (no CAP_NET_RAW) nor an ICMP datagram socket (nobody's group outside net.ipv4.ping_group_range).
/// </summary>
[LabTest]
public sealed class IcmpNotPermittedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readiness_says_plainly_that_ping_is_not_permitted()
    {
        LabRequirement.Require(LabRequirement.IsRoot && File.Exists("/usr/sbin/runuser"), "root and runuser, to start the console as nobody");
        var range = (await File.ReadAllTextAsync("/proc/sys/net/ipv4/ping_group_range", Ct)).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        LabRequirement.Require(int.Parse(range[0]) > 65534 || int.Parse(range[1]) < 65534, "nobody's group may open ICMP datagram sockets on this machine");

        using var folder = new TempDirectory("sotp-noicmp");
        File.SetUnixFileMode(folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
            UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        var port = LabProcess.FreeLoopbackPort();
        var console = RepositoryFiles.Path("Sotp.Console", "bin", "Debug", "net10.0", "Sotp.Console.dll");
        var start = new ProcessStartInfo("/usr/sbin/runuser")
        {
            ArgumentList = { "-u", "nobody", "--", "/usr/bin/env",
                $"HOME={folder.Path}", $"DOTNET_CLI_HOME={folder.Path}", "ASPNETCORE_ENVIRONMENT=Production",
                $"ConnectionStrings__Sotp=Data Source={folder.File("sotp.db")}", $"Sotp__Bootstrap__AdminPassword={TestSecrets.NewPassword()}",
                "dotnet", console, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", RepositoryFiles.Path("Sotp.Console") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var ready = await Eventually.WaitAsync(async () =>
            {
                try
                {
                    return await http.GetFromJsonAsync<JsonElement>("/healthz/ready", Ct);
                }
                catch (HttpRequestException)
                {
                    return (JsonElement?)null; // still starting
                }
            }, answer => answer is not null || process.HasExited, TimeSpan.FromSeconds(30));

            Assert.True(ready.HasValue, "the console did not answer: " + (process.HasExited ? await process.StandardError.ReadToEndAsync(Ct) : "still starting"));
            var icmp = ready.Value.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "icmp");
            Assert.Equal("Degraded", icmp.GetProperty("status").GetString());
            Assert.Contains("CAP_NET_RAW", icmp.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Contains("ping_group_range", icmp.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
        }
    }
}
