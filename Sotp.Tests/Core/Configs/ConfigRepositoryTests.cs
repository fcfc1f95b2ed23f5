using Microsoft.Extensions.DependencyInjection;
using Sotp.Core.Configs;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Configs;

/// <summary>
/// The configuration history is a git repository git itself reads: 30 backups of an unchanged configuration make one
/// commit, a change makes the next, and <c>git log -p</c> shows exactly the changed line.
/// </summary>
public sealed class ConfigRepositoryTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    private const string Config = "hostname r1\ninterface eth1\n description uplink\nrouter bgp 65001\n neighbor 198.18.0.1 remote-as 65000\n";

    [Fact]
    public async Task Unchanged_backups_make_no_commit_and_git_reads_the_one_change_there_is()
    {
        using var folder = new TempDirectory();
        var repository = new ConfigRepository(folder.File("configs"));

        var first = repository.Save("r1", Config, "r1: scheduled backup", Monday);
        for (var i = 1; i < 30; i++)
        {
            Assert.Null(repository.Save("r1", Config, "r1: scheduled backup", Monday.AddDays(i)));
        }

        var changed = Config.Replace(" description uplink", " description uplink to core2", StringComparison.Ordinal);
        var second = repository.Save("r1", changed, "r1: configuration changed (CONFIG_I by admin)", Monday.AddDays(30));

        Assert.Equal((5, 0), (first!.LinesAdded, first.LinesRemoved));
        Assert.Equal((1, 1), (second!.LinesAdded, second.LinesRemoved));
        Assert.Equal([second.Sha, first.Sha], repository.History("r1").Select(c => c.Sha));
        Assert.Equal(Config, repository.Read("r1", first.Sha));
        var diff = repository.Diff("r1", first.Sha, second.Sha);
        Assert.Contains("- description uplink\n+ description uplink to core2\n", diff, StringComparison.Ordinal);

        // git itself: the author, the messages, and the change in the patch.
        var log = await LabProcess.RunAsync("git", ["-C", folder.File("configs"), "log", "--format=%an|%s", "--", "devices/r1.cfg"]);
        Assert.Equal(["SOTP|r1: configuration changed (CONFIG_I by admin)", "SOTP|r1: scheduled backup"], log.Trim().Split('\n'));
        var patch = await LabProcess.RunAsync("git", ["-C", folder.File("configs"), "log", "-p", "-1", "--format=", "--", "devices/r1.cfg"]);
        Assert.Contains("+ description uplink to core2", patch, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_name_becomes_a_plain_file_name()
    {
        Assert.Equal("devices/core-rtr1.example.net.cfg", ConfigRepository.PathOf("core-rtr1.example.net"));
        // No separator survives, so no name leaves devices/.
        Assert.Equal("devices/..___etc_passwd.cfg", ConfigRepository.PathOf("../ /etc/passwd"));
    }

    [Fact]
    public async Task The_history_is_pushed_to_a_remote_git_reads_there_and_a_secret_that_is_not_there_fails_in_words()
    {
        using var folder = new TempDirectory();
        var bare = folder.File("remote.git");
        await LabProcess.RunAsync("git", ["init", "--bare", "-q", bare]);
        var repository = new ConfigRepository(folder.File("configs"));
        repository.Save("r1", Config, "r1: on demand by maria", Monday);
        var settings = new ConfigOptions { RemoteUrl = bare };
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var secrets = new Sotp.Core.Secrets.LocalSecretStore(Microsoft.Extensions.Options.Options.Create(new Sotp.Core.Secrets.SecretOptions()));
        var remote = new ConfigRemote(repository, secrets, new StaticOptionsMonitor<ConfigOptions>(settings),
            meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ConfigRemote>.Instance);

        Assert.Null(await remote.PushAsync(TestContext.Current.CancellationToken));
        repository.Save("r1", Config + "ntp server 198.18.0.9\n", "r1: scheduled backup", Monday.AddDays(1));
        Assert.Null(await remote.PushAsync(TestContext.Current.CancellationToken));
        var log = await LabProcess.RunAsync("git", ["-C", bare, "log", "--all", "--format=%an|%s"]);
        Assert.Equal(["SOTP|r1: scheduled backup", "SOTP|r1: on demand by maria"], log.Trim().Split('\n'));

        // The token is read from its reference at push time: one that points at nothing fails the push, in words, and no further.
        settings.RemoteUserName = "sotp";
        var absent = $"{Sotp.Core.Secrets.LocalSecretStore.Scheme}env/SOTP_SECRET_CONFIG_REMOTE_{Guid.NewGuid():N}"; // a reference, set nowhere
        settings.RemotePasswordSecret = absent;
        var reason = await remote.PushAsync(TestContext.Current.CancellationToken);
        Assert.Contains("SOTP_SECRET_CONFIG_REMOTE_", reason, StringComparison.Ordinal);
    }
}
