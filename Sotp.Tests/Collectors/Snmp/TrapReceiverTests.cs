using System.Net;
using System.Net.Sockets;
using Sotp.Collectors.Snmp.Pdu;
using Sotp.Collectors.Snmp.Traps;
using Sotp.Collectors.Snmp.Usm;
using Sotp.Tests.Support;

namespace Sotp.Tests.Collectors.Snmp;

/// <summary>Notifications sent by net-snmp's snmptrap and snmpinform to SOTP's receiver.</summary>
[LabTest]
public sealed class TrapReceiverTests : IAsyncLifetime
{
    private static readonly ObjectIdentifier LinkDown = ObjectIdentifier.Parse("1.3.6.1.6.3.1.1.5.3");

    private readonly string _authPassphrase = TestSecrets.NewPassword();
    private readonly string _privPassphrase = TestSecrets.NewPassword();
    private readonly SnmpTrapReceiver _receiver;

    public TrapReceiverTests()
    {
        _receiver = new SnmpTrapReceiver(new IPEndPoint(IPAddress.Loopback, 0), ["public"],
            [new UsmUser("sotptrap", AuthProtocol.Sha256, _authPassphrase, PrivProtocol.Aes128, _privPassphrase)], TimeProvider.System);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Receiver => $"udp:127.0.0.1:{_receiver.LocalEndpoint.Port}";

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    private static string Tool(string name)
    {
        var path = LabRequirement.FindExecutable($"/usr/bin/{name}");
        LabRequirement.Require(path is not null, $"{name} (Debian package snmp) not found");
        return path!;
    }

    private async Task<SnmpTrap> NextTrapAsync()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        await foreach (var trap in _receiver.ReadAllAsync(deadline.Token))
        {
            return trap;
        }

        throw new InvalidOperationException("no trap");
    }

    [Fact]
    public async Task A_v2c_link_down_trap_arrives_with_its_variables()
    {
        await LabProcess.RunAsync(Tool("snmptrap"), ["-v2c", "-c", "public", Receiver, "", LinkDown.ToString(),
            "1.3.6.1.2.1.2.2.1.1.3", "i", "3", "1.3.6.1.2.1.2.2.1.8.3", "i", "2"]);

        var trap = await NextTrapAsync();
        Assert.Equal(LinkDown, trap.TrapOid);
        Assert.Equal((SnmpVersion.V2c, "public", false), (trap.Version, trap.Principal, trap.IsInform));
        Assert.Contains(trap.VarBinds, b => b.Oid == ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1.8.3") && b.Value.Number == 2);
    }

    [Fact]
    public async Task A_v2c_inform_is_answered()
    {
        // snmpinform exits non-zero unless the receiver answers.
        await LabProcess.RunAsync(Tool("snmpinform"), ["-v2c", "-c", "public", "-t", "2", "-r", "0", Receiver, "", LinkDown.ToString()]);

        var trap = await NextTrapAsync();
        Assert.True(trap.IsInform);
    }

    [Fact]
    public async Task A_v3_authpriv_trap_is_verified_and_decrypted()
    {
        await LabProcess.RunAsync(Tool("snmptrap"), ["-v3", "-e", "0x80001f8880cafe0001", "-u", "sotptrap", "-l", "authPriv",
            "-a", "SHA-256", "-A", _authPassphrase, "-x", "AES", "-X", _privPassphrase, Receiver, "", LinkDown.ToString()]);

        var trap = await NextTrapAsync();
        Assert.Equal((SnmpVersion.V3, "sotptrap"), (trap.Version, trap.Principal));
        Assert.Equal(LinkDown, trap.TrapOid);
    }

    [Fact]
    public async Task A_v3_trap_with_the_wrong_passphrase_is_refused()
    {
        await LabProcess.RunAsync(Tool("snmptrap"), ["-v3", "-e", "0x80001f8880cafe0002", "-u", "sotptrap", "-l", "authPriv",
            "-a", "SHA-256", "-A", TestSecrets.NewPassword(), "-x", "AES", "-X", _privPassphrase, Receiver, "", LinkDown.ToString()]);

        await Eventually.WaitAsync(() => Task.FromResult(_receiver.Refused.GetValueOrDefault("WrongDigest")), n => n == 1);
        Assert.Equal(1, _receiver.Refused.GetValueOrDefault("WrongDigest"));
        Assert.Equal(0, _receiver.Accepted);
    }

    [Fact]
    public async Task A_trap_with_an_unknown_community_is_refused()
    {
        await LabProcess.RunAsync(Tool("snmptrap"), ["-v2c", "-c", "guess", Receiver, "", LinkDown.ToString()]);

        await Eventually.WaitAsync(() => Task.FromResult(_receiver.Refused.GetValueOrDefault("UnknownCommunity")), n => n == 1);
        Assert.Equal(0, _receiver.Accepted);
    }

    [Fact]
    public async Task Garbage_is_refused_and_counted()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var random = new Random(9);
        for (var i = 0; i < 200; i++)
        {
            var junk = new byte[random.Next(1, 600)];
            random.NextBytes(junk);
            await socket.SendToAsync(junk, SocketFlags.None, _receiver.LocalEndpoint, Ct);
        }

        var refused = await Eventually.WaitAsync(() => Task.FromResult(_receiver.Refused.Values.Sum()), n => n == 200);
        Assert.Equal(200, refused);
        Assert.Equal(0, _receiver.Accepted);
    }
}
