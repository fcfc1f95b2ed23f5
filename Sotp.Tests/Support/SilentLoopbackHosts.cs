namespace Sotp.Tests.Support;

/// <summary>
/// Makes loopback addresses stop answering ping, as a down host does (LAB.md): an nftables table of the
/// test's own, with an input-hook rule dropping echo requests to a set of addresses. Deleted on dispose.
/// </summary>
public sealed class SilentLoopbackHosts : IAsyncDisposable
{
    private readonly string _table = $"sotp_test_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
    private bool _created;

    public static string? Nft => LabRequirement.FindExecutable("/usr/sbin/nft", "/sbin/nft");

    /// <summary>Skips (or fails in CI) without root and nft.</summary>
    public static void Require() =>
        LabRequirement.Require(LabRequirement.IsRoot && Nft is not null, "root and nft (Debian package nftables) are needed to silence a host");

    public async Task SilenceAsync(params string[] addresses)
    {
        if (!_created)
        {
            await NftAsync("add", "table", "inet", _table);
            await NftAsync("add", "chain", "inet", _table, "in", "{ type filter hook input priority 0; policy accept; }");
            await NftAsync("add", "set", "inet", _table, "down", "{ type ipv4_addr; }");
            await NftAsync("add", "rule", "inet", _table, "in", "ip", "daddr", "@down", "icmp", "type", "echo-request", "drop");
            _created = true;
        }

        foreach (var chunk in addresses.Chunk(500))
        {
            await NftAsync("add", "element", "inet", _table, "down", "{ " + string.Join(", ", chunk) + " }");
        }
    }

    public async Task RestoreAsync(params string[] addresses) =>
        await NftAsync("delete", "element", "inet", _table, "down", "{ " + string.Join(", ", addresses) + " }");

    public async ValueTask DisposeAsync()
    {
        if (_created)
        {
            await NftAsync("delete", "table", "inet", _table);
        }
    }

    private static Task<string> NftAsync(params string[] arguments) => LabProcess.RunAsync(Nft!, arguments);
}
