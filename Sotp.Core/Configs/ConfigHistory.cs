using Microsoft.EntityFrameworkCore;
using Sotp.Core.Persistence;

namespace Sotp.Core.Configs;

/// <summary>
/// A device's configuration history as people read it: every backup attempt (newest first, from the database, so a
/// long history stays quick to list), the version in force at a given time, and two versions compared, from the git
/// repository.
/// </summary>
public sealed class ConfigHistory(IDbContextFactory<SotpDbContext> contexts, ConfigRepository repository)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>The device's backup attempts, newest first.</summary>
    public async Task<IReadOnlyList<ConfigBackupRecord>> ListAsync(int deviceId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ConfigBackups.AsNoTracking().Where(r => r.DeviceId == deviceId).OrderByDescending(r => r.Id)
            .Take(Math.Clamp(limit, 1, MaxLimit)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The two versions of "yesterday against today": the version in force 24 hours before the latest one was stored
    /// (the first one stored if none is that old), and the latest; null without two versions.
    /// </summary>
    public async Task<(ConfigBackupRecord From, ConfigBackupRecord To)?> LastDayAsync(int deviceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = await db.ConfigBackups.AsNoTracking().Where(r => r.DeviceId == deviceId && r.Outcome == ConfigBackupOutcome.Changed)
            .OrderByDescending(r => r.Id).Take(MaxLimit).ToListAsync(cancellationToken);
        if (versions.Count < 2)
        {
            return null;
        }

        var dayBefore = versions[0].At - TimeSpan.FromDays(1);
        return (versions.Skip(1).FirstOrDefault(v => v.At <= dayBefore) ?? versions[^1], versions[0]);
    }

    /// <summary>Two stored versions of the device's configuration, compared line by line.</summary>
    public ConfigDiff Compare(string deviceName, string fromCommit, string toCommit) =>
        ConfigDiff.Compare(Read(deviceName, fromCommit), Read(deviceName, toCommit));

    /// <summary>A stored version's text.</summary>
    public string Read(string deviceName, string commit) =>
        repository.Read(deviceName, commit) ?? throw new ArgumentException($"No stored version {commit} of {deviceName}.");

    /// <summary>The unified diff between two versions, as <c>git diff</c> prints it.</summary>
    public string GitDiff(string deviceName, string fromCommit, string toCommit) => repository.Diff(deviceName, fromCommit, toCommit);
}
