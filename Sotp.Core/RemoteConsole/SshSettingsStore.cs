using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sotp.Core.Audit;
using Sotp.Core.Cluster;
using Sotp.Core.Live;
using Sotp.Core.Persistence;
using Sotp.Core.Secrets;

namespace Sotp.Core.RemoteConsole;

/// <summary>The outcome of pinning a host key.</summary>
public enum PinOutcome
{
    Pinned,
    AlreadyPinned,
    NoSettings,

    /// <summary>Another key is pinned: replacing it is an Admin's decision.</summary>
    ReplaceNotAllowed,
}

/// <summary>
/// Reads and saves devices' SSH settings (credentials sealed, every field checked) and their trusted host
/// keys: pinned on first use by someone allowed to, a changed key recorded and refused until an Admin re-pins.
/// </summary>
public sealed partial class SshSettingsStore(IDbContextFactory<SotpDbContext> contexts, CredentialVault vault, AuditTrail audit, TimeProvider time,
    ClusterOutbox? outbox = null)
{
    /// <summary>
    /// When each device's SSH settings last changed (saved, key pinned, changed key refused), here or in another
    /// process: open console panels follow their device's key and read the settings again.
    /// </summary>
    public LiveFeed<int, DateTimeOffset> Changes { get; } = new(time);

    /// <summary>A change another process made.</summary>
    public void ApplyFromPeer(SshSettingsChanged changed) => Changes.Publish(changed.DeviceId, changed.At);

    public async Task<SshSettings?> GetAsync(int deviceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SshSettings.AsNoTracking().SingleOrDefaultAsync(s => s.DeviceId == deviceId, cancellationToken);
    }

    /// <summary>Saves the settings; null when the device does not exist. Changing the port keeps the pinned key.</summary>
    public async Task<(SshSettings? Settings, Dictionary<string, string[]> Errors)?> SaveAsync(
        int deviceId, SshSettingsInput input, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deviceName = await DeviceNameAsync(db, deviceId, cancellationToken);
        if (deviceName is null)
        {
            return null;
        }

        var existing = await db.SshSettings.SingleOrDefaultAsync(s => s.DeviceId == deviceId, cancellationToken);
        var errors = Check(input, existing);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var before = existing is null ? null : SshSettingsView.Of(existing);
        var settings = existing ?? db.SshSettings.Add(new SshSettings { DeviceId = deviceId, UserName = input.User!.Trim() }).Entity;
        settings.Port = input.Port;
        settings.UserName = input.User!.Trim();
        settings.Password = vault.SealOrKeep(input.Password, settings.Password);
        settings.PrivateKey = vault.SealOrKeep(input.PrivateKey, settings.PrivateKey);
        settings.KeyPassphrase = vault.SealOrKeep(input.KeyPassphrase, settings.KeyPassphrase);
        settings.UpdatedAt = time.GetUtcNow();
        await audit.SaveAsync(db, new AuditRecord(actor, "device.ssh", "device", IdOf(deviceId), deviceName, before, SshSettingsView.Of(settings)),
            cancellationToken);
        Changed(deviceId);
        return (settings, errors);
    }

    /// <summary>Trusts exactly this host key for the device (first use, or an Admin replacing a changed key).</summary>
    public async Task<PinOutcome> PinAsync(int deviceId, string fingerprint, bool mayReplace, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await db.SshSettings.SingleOrDefaultAsync(s => s.DeviceId == deviceId, cancellationToken);
        if (settings is null)
        {
            return PinOutcome.NoSettings;
        }

        if (settings.HostKeyFingerprint == fingerprint)
        {
            return PinOutcome.AlreadyPinned;
        }

        if (settings.HostKeyFingerprint is not null && !mayReplace)
        {
            return PinOutcome.ReplaceNotAllowed;
        }

        var before = SshSettingsView.Of(settings);
        settings.HostKeyFingerprint = fingerprint;
        settings.HostKeyPinnedAt = time.GetUtcNow();
        settings.HostKeyPinnedBy = actor.Name;
        settings.RefusedFingerprint = null;
        settings.RefusedAt = null;
        var deviceName = await DeviceNameAsync(db, deviceId, cancellationToken);
        await audit.SaveAsync(db, new AuditRecord(actor, before.HostKeyFingerprint is null ? "device.ssh.trust" : "device.ssh.repin", "device",
            IdOf(deviceId), deviceName, before, SshSettingsView.Of(settings)), cancellationToken);
        Changed(deviceId);
        return PinOutcome.Pinned;
    }

    /// <summary>Records that the device presented another key than the pinned one: refused, audited, alerted.</summary>
    public async Task RecordChangedKeyAsync(int deviceId, string presented, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await db.SshSettings.SingleOrDefaultAsync(s => s.DeviceId == deviceId, cancellationToken);
        if (settings is null || settings.RefusedFingerprint == presented)
        {
            return; // already on the record and alerted
        }

        var before = SshSettingsView.Of(settings);
        settings.RefusedFingerprint = presented;
        settings.RefusedAt = time.GetUtcNow();
        var deviceName = await DeviceNameAsync(db, deviceId, cancellationToken);
        await audit.SaveAsync(db, new AuditRecord(actor, "device.ssh.hostkey-changed", "device", IdOf(deviceId), deviceName, before,
            SshSettingsView.Of(settings)), cancellationToken);
        Changed(deviceId);
    }

    private void Changed(int deviceId)
    {
        var at = time.GetUtcNow();
        Changes.Publish(deviceId, at);
        outbox?.Post(new SshSettingsChanged(deviceId, at));
    }

    /// <summary>Whether a fingerprint is written as <c>ssh-keygen -lf</c> writes SHA-256 ones.</summary>
    public static bool IsFingerprint(string? value) => value is not null && FingerprintPattern().IsMatch(value);

    private static Task<string?> DeviceNameAsync(SotpDbContext db, int deviceId, CancellationToken cancellationToken) =>
        db.Devices.Where(d => d.Id == deviceId && d.ArchivedAt == null).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken);

    private static string IdOf(int deviceId) => deviceId.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string[]> Check(SshSettingsInput input, SshSettings? existing)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Port is < 1 or > 65535)
        {
            errors["port"] = ["Use a TCP port from 1 to 65535."];
        }

        if (string.IsNullOrWhiteSpace(input.User) || input.User.Trim().Length > 64 || input.User.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            errors["user"] = ["Enter the user name SOTP logs in with (at most 64 characters, no spaces)."];
        }

        var hasPassword = !string.IsNullOrEmpty(input.Password) || existing?.Password is not null;
        var hasKey = !string.IsNullOrEmpty(input.PrivateKey) || existing?.PrivateKey is not null;
        if (!hasPassword && !hasKey)
        {
            errors["password"] = ["Enter a password or a private key, or a secret reference such as secret://vault/kv/routers#password."];
        }

        if (!string.IsNullOrEmpty(input.PrivateKey) && !LocalSecretStore.IsReference(input.PrivateKey) &&
            !input.PrivateKey.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            errors["privateKey"] = ["Paste the whole private key (OpenSSH or PEM, with its BEGIN and END lines), or a secret reference."];
        }

        return errors;
    }

    [GeneratedRegex("^SHA256:[A-Za-z0-9+/]{43}$")]
    private static partial Regex FingerprintPattern();
}
