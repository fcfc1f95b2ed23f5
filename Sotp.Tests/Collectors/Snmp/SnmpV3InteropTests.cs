using Sotp.Collectors.Snmp;
using Sotp.Collectors.Snmp.Pdu;
using Sotp.Collectors.Snmp.Usm;
using Sotp.Tests.Support;

namespace Sotp.Tests.Collectors.Snmp;

/// <summary>SNMPv3 (USM) against net-snmp's snmpd: discovery, time window, HMAC-SHA, AES-128, and each failure.</summary>
[LabTest]
public sealed class SnmpV3InteropTests(SnmpdServer snmpd) : IClassFixture<SnmpdServer>, IAsyncLifetime
{
    private static readonly ObjectIdentifier SysName = ObjectIdentifier.Parse("1.3.6.1.2.1.1.5.0");

    private readonly SnmpClient _client = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private SnmpTarget Target(UsmUser user) => SnmpTarget.V3(snmpd.Endpoint, user, TimeSpan.FromMilliseconds(1500), 1);

    private UsmUser User(string name, AuthProtocol auth, PrivProtocol priv = PrivProtocol.Aes128, string? authPassphrase = null, string? privPassphrase = null) =>
        new(name, auth, authPassphrase ?? snmpd.AuthPassphrase, priv, priv == PrivProtocol.None ? null : privPassphrase ?? snmpd.PrivPassphrase);

    [Theory]
    [InlineData("sotpsha", AuthProtocol.Sha1, PrivProtocol.Aes128)]
    [InlineData("sotpsha256", AuthProtocol.Sha256, PrivProtocol.Aes128)]
    [InlineData("sotpsha512", AuthProtocol.Sha512, PrivProtocol.Aes128)]
    [InlineData("sotpauth", AuthProtocol.Sha1, PrivProtocol.None)]
    public async Task A_v3_user_reads_sysName(string name, AuthProtocol auth, PrivProtocol priv)
    {
        snmpd.RequireRunning();

        var response = await _client.GetAsync(Target(User(name, auth, priv)), [SysName], Ct);

        Assert.Equal(SnmpdServer.SysName, response.VarBinds[0].Value.ToString());
    }

    [Fact]
    public async Task A_v3_bulk_walk_reads_the_system_group_encrypted()
    {
        snmpd.RequireRunning();

        var count = 0;
        await foreach (var _ in _client.WalkAsync(Target(User("sotpsha", AuthProtocol.Sha1)), ObjectIdentifier.Parse("1.3.6.1.2.1.1"), cancellationToken: Ct))
        {
            count++;
        }

        Assert.True(count >= 7);
    }

    [Fact]
    public async Task A_wrong_authentication_passphrase_is_named_as_such()
    {
        snmpd.RequireRunning();

        var error = await Assert.ThrowsAsync<UsmException>(() =>
            _client.GetAsync(Target(User("sotpsha", AuthProtocol.Sha1, authPassphrase: TestSecrets.NewPassword())), [SysName], Ct));

        Assert.Contains("authentication passphrase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_user_is_named_as_such()
    {
        snmpd.RequireRunning();

        var error = await Assert.ThrowsAsync<UsmException>(() =>
            _client.GetAsync(Target(User("nobody-here", AuthProtocol.Sha1)), [SysName], Ct));

        Assert.Contains("does not know the SNMPv3 user", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_privacy_passphrase_is_named_as_such()
    {
        snmpd.RequireRunning();

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            _client.GetAsync(Target(User("sotpsha", AuthProtocol.Sha1, privPassphrase: TestSecrets.NewPassword())), [SysName], Ct));

        Assert.Contains("privacy passphrase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_v3_set_changes_a_value()
    {
        snmpd.RequireRunning();
        var contact = ObjectIdentifier.Parse("1.3.6.1.2.1.1.4.0");
        var target = Target(User("sotpsha", AuthProtocol.Sha1));

        SnmpClient.ThrowOnError(await _client.SetAsync(target, [new VarBind(contact, SnmpValue.OctetString("v3@sotp.invalid"))], Ct));

        Assert.Equal("v3@sotp.invalid", (await _client.GetAsync(target, [contact], Ct)).VarBinds[0].Value.ToString());
    }
}
