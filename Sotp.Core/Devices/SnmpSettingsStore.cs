using Microsoft.EntityFrameworkCore;
using Sotp.Core.Audit;
using Sotp.Core.Cluster;
using Sotp.Core.Persistence;
using Sotp.Core.Secrets;

namespace Sotp.Core.Devices;

/// <summary>Reads and saves devices' SNMP settings, checking every field and sealing every credential.</summary>
public sealed class SnmpSettingsStore(IDbContextFactory<SotpDbContext> contexts, CredentialVault vault, AuditTrail audit, TimeProvider time,
    ClusterOutbox? outbox = null)
{
    public static IReadOnlyList<string> AuthProtocols { get; } = ["SHA", "SHA-256", "SHA-384", "SHA-512"];

    private readonly ChangeVersion _version = new(outbox);

    /// <summary>Grows on every change, so the poll scheduler knows to reload.</summary>
    public long Version => _version.Value;

    public async Task<SnmpSettings?> GetAsync(int deviceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SnmpSettings.AsNoTracking().SingleOrDefaultAsync(s => s.DeviceId == deviceId, cancellationToken);
    }

    /// <summary>Settings of every device in service that is monitored, with its address.</summary>
    public async Task<IReadOnlyList<(SnmpSettings Settings, string Address)>> PollableAsync(CancellationToken cancellationToken) =>
        await InServiceAsync(null, monitoredOnly: true, cancellationToken);

    /// <summary>One device's settings and address when it is polled (in service, monitored, with settings).</summary>
    public async Task<(SnmpSettings Settings, string Address)?> PollableAsync(int deviceId, CancellationToken cancellationToken) =>
        (await InServiceAsync(deviceId, monitoredOnly: true, cancellationToken)) is [var one] ? one : null;

    /// <summary>Settings of every device in service, monitored or not (whose traps are accepted), with its address.</summary>
    public async Task<IReadOnlyList<(SnmpSettings Settings, string Address)>> InServiceAsync(CancellationToken cancellationToken) =>
        await InServiceAsync(null, monitoredOnly: false, cancellationToken);

    private async Task<IReadOnlyList<(SnmpSettings Settings, string Address)>> InServiceAsync(int? deviceId, bool monitoredOnly,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.SnmpSettings.AsNoTracking().Where(s => deviceId == null || s.DeviceId == deviceId)
            .Join(db.Devices.Where(d => d.ArchivedAt == null && (!monitoredOnly || d.Monitored)), s => s.DeviceId, d => d.Id, (s, d) => new { s, d.Address })
            .ToListAsync(cancellationToken);
        return rows.Select(r => (r.s, r.Address)).ToList();
    }

    /// <summary>Saves the settings; null when the device does not exist.</summary>
    public async Task<(SnmpSettings? Settings, Dictionary<string, string[]> Errors)?> SaveAsync(
        int deviceId, SnmpSettingsInput input, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deviceName = await db.Devices.Where(d => d.Id == deviceId && d.ArchivedAt == null).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken);
        if (deviceName is null)
        {
            return null;
        }

        var existing = await db.SnmpSettings.SingleOrDefaultAsync(s => s.DeviceId == deviceId, cancellationToken);
        var errors = Check(input, existing);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var before = existing is null ? null : SnmpSettingsView.Of(existing);
        var settings = existing ?? db.SnmpSettings.Add(new SnmpSettings { DeviceId = deviceId, Version = input.Version! }).Entity;
        settings.Version = input.Version!;
        settings.Port = input.Port;
        settings.TimeoutMs = input.TimeoutMs;
        settings.Retries = input.Retries;
        settings.PollIntervalSeconds = input.PollIntervalSeconds;
        settings.MaxRepetitions = input.MaxRepetitions;
        var v3 = input.Version == "3";
        settings.Community = v3 ? null : vault.SealOrKeep(input.Community, settings.Community);
        settings.UserName = v3 ? input.User!.Trim() : null;
        settings.AuthProtocol = v3 ? Normalize(input.AuthProtocol) : null;
        settings.AuthKey = v3 && settings.AuthProtocol is not null ? vault.SealOrKeep(input.AuthKey, settings.AuthKey) : null;
        settings.PrivProtocol = v3 && settings.AuthProtocol is not null ? Normalize(input.PrivProtocol) : null;
        settings.PrivKey = settings.PrivProtocol is not null ? vault.SealOrKeep(input.PrivKey, settings.PrivKey) : null;
        settings.UpdatedAt = time.GetUtcNow();
        await audit.SaveAsync(db, new AuditRecord(actor, "device.snmp", "device", deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            deviceName, before, SnmpSettingsView.Of(settings)), cancellationToken);
        MarkChanged();
        return (settings, errors);
    }

    private static string? Normalize(string? protocol) => string.IsNullOrWhiteSpace(protocol) || protocol.Equals("none", StringComparison.OrdinalIgnoreCase)
        ? null
        : protocol.Trim().ToUpperInvariant();

    private static Dictionary<string, string[]> Check(SnmpSettingsInput input, SnmpSettings? existing)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (input.Version is not ("1" or "2c" or "3"))
        {
            Fail("version", "Choose \"1\", \"2c\" or \"3\".");
            return errors;
        }

        if (input.Port is < 1 or > 65535)
        {
            Fail("port", "Use a UDP port from 1 to 65535.");
        }

        if (input.TimeoutMs is < 100 or > 60_000)
        {
            Fail("timeoutMs", "Use 100 to 60,000 milliseconds.");
        }

        if (input.Retries is < 0 or > 5)
        {
            Fail("retries", "Use 0 to 5 retries.");
        }

        if (input.PollIntervalSeconds is < 10 or > 3600)
        {
            Fail("pollIntervalSeconds", "Poll every 10 to 3,600 seconds.");
        }

        if (input.MaxRepetitions is < 1 or > 100)
        {
            Fail("maxRepetitions", "Ask for 1 to 100 rows per GETBULK.");
        }

        if (input.Version != "3")
        {
            if (string.IsNullOrEmpty(input.Community) && existing?.Community is null)
            {
                Fail("community", "Enter the community, or a secret reference such as secret://env/SOTP_SECRET_COMMUNITY.");
            }

            return errors;
        }

        if (string.IsNullOrWhiteSpace(input.User) || input.User.Length > 32)
        {
            Fail("user", "Enter the SNMPv3 user name (at most 32 characters).");
        }

        var auth = Normalize(input.AuthProtocol);
        var priv = Normalize(input.PrivProtocol);
        if (auth is not null && !AuthProtocols.Contains(auth))
        {
            Fail("authProtocol", "Use SHA, SHA-256, SHA-384 or SHA-512 (MD5 and SHA-224 are not offered).");
        }

        if (priv is not null && priv != "AES")
        {
            Fail("privProtocol", "Use AES (AES-128).");
        }

        if (priv is not null && auth is null)
        {
            Fail("privProtocol", "Privacy needs authentication: choose an authentication protocol too.");
        }

        CheckKey("authKey", auth is not null, input.AuthKey, existing?.AuthKey);
        CheckKey("privKey", priv is not null, input.PrivKey, existing?.PrivKey);
        return errors;

        void CheckKey(string field, bool needed, string? key, string? stored)
        {
            if (needed && string.IsNullOrEmpty(key) && stored is null)
            {
                Fail(field, "Enter the passphrase, or a secret reference.");
            }
            else if (!string.IsNullOrEmpty(key) && !LocalSecretStore.IsReference(key) && key.Length < 8)
            {
                Fail(field, "SNMPv3 passphrases have at least 8 characters.");
            }
        }
    }

    internal void MarkChanged(bool fromPeer = false) => _version.Bump(fromPeer);
}
