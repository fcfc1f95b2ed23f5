using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sotp.Collectors.RemoteConsole;
using Sotp.Core.Audit;
using Sotp.Core.Configs;
using Sotp.Core.Observability;
using Sotp.Core.Persistence;

namespace Sotp.Collectors.Configs;

/// <summary>
/// Backs up one device's configuration: its platform's command over SSH (the pinned host key, an exec channel, so no
/// paging), bounded in time and size; the output checked to be a configuration and not an error; cleaned (noise
/// dropped, secrets masked) before anything is kept; committed when it changed. Every attempt is recorded, a failure
/// with the reason, and a failure keeps the previous version: nothing half-read is ever committed.
/// </summary>
public sealed partial class ConfigBackup(
    SshConnector connector,
    ConfigRules rules,
    ConfigRepository repository,
    ConfigKeys keys,
    ConfigBoard board,
    Sotp.Core.Compliance.ComplianceService compliance,
    ConfigRemote remote,
    IDbContextFactory<SotpDbContext> contexts,
    IOptionsMonitor<ConfigOptions> options,
    TimeProvider time,
    ILogger<ConfigBackup> logger,
    IMeterFactory meters)
{
    private readonly Counter<long> _backups = meters.Create(SotpMetrics.MeterName).CreateCounter<long>("sotp.config.backups", "{backup}",
        "Configuration backups made in this process (labels outcome: changed, unchanged, failed; trigger: scheduled, on demand, configuration change).");
    private readonly Histogram<double> _duration = meters.Create(SotpMetrics.MeterName).CreateHistogram<double>("sotp.config.backup.duration", "s",
        "Time to log in, read, clean and commit one device's configuration.");

    public async Task<ConfigBackupRecord> BackupAsync(int deviceId, string trigger, AuditActor actor, CancellationToken cancellationToken)
    {
        using var span = SotpTelemetry.Source.StartActivity("config backup");
        span?.SetTag("sotp.device.id", deviceId);
        span?.SetTag("sotp.config.trigger", trigger);
        var started = time.GetTimestamp();
        var record = new ConfigBackupRecord { DeviceId = deviceId, At = time.GetUtcNow(), Trigger = trigger, RequestedBy = actor.Name };
        try
        {
            var (device, client) = await connector.ConnectAsync(deviceId, actor, cancellationToken);
            string raw;
            using (client)
            {
                raw = await ReadAsync(client, rules.For(device.Platform), device.Name, cancellationToken);
            }

            var clean = rules.Clean(device.Platform, raw, await keys.GetAsync(cancellationToken));
            var commit = repository.Save(device.Name, clean.Text, $"{device.Name}: {trigger}" + (actor.Name == AuditActor.SystemName ? "" : $" by {actor.Name}"),
                record.At);
            (record.Outcome, record.Commit) = commit is null ? (ConfigBackupOutcome.Unchanged, null) : (ConfigBackupOutcome.Changed, commit.Sha);
            (record.LinesAdded, record.LinesRemoved) = (commit?.LinesAdded ?? 0, commit?.LinesRemoved ?? 0);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One device's failure is its own: recorded in words, and the next device is backed up as usual.
            (record.Outcome, record.Error) = (ConfigBackupOutcome.Failed, ex is ConfigBackupException or SshException ? ex.Message : $"The backup failed: {ex.Message}");
            span?.Fail(record.Error);
            LogFailed(logger, deviceId, record.Error);
        }

        var outcome = new KeyValuePair<string, object?>("outcome", record.Outcome.ToString().ToLowerInvariant());
        var kind = new KeyValuePair<string, object?>("trigger", trigger.Split(':')[0]);
        _backups.Add(1, outcome, kind);
        _duration.Record(time.GetElapsedTime(started).TotalSeconds, outcome, kind);
        span?.SetTag("sotp.config.outcome", outcome.Value);
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        db.ConfigBackups.Add(record);
        await db.SaveChangesAsync(CancellationToken.None);
        board.Record(record);
        if (record.Outcome == ConfigBackupOutcome.Changed)
        {
            compliance.Request(deviceId);
            await remote.PushAsync(CancellationToken.None); // a failure is logged and counted; the next version pushes both
        }

        return record;
    }

    // The command's whole output, or a failure in words: too slow, too large, stopped at a pager prompt, an error printed
    // instead of a configuration.
    private async Task<string> ReadAsync(Renci.SshNet.SshClient client, ConfigPlatform platform, string device, CancellationToken cancellationToken)
    {
        var command = platform.Command;
        var o = options.CurrentValue;
        var limit = (long)o.MaxMegabytes * 1024 * 1024;
        using var ssh = client.CreateCommand(command);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        var kept = new MemoryStream();
        try
        {
            var execution = ssh.ExecuteAsync(deadline.Token);
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await ssh.OutputStream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                if (kept.Length + read > limit)
                {
                    throw new ConfigBackupException($"{device} sent more than {o.MaxMegabytes} MB for \"{command}\": refused.");
                }

                kept.Write(buffer, 0, read);
                if (PagerPrompt(kept) is { } prompt)
                {
                    // It waits for a key that will never come: said at once rather than after the timeout.
                    throw new ConfigBackupException($"{device} stopped at a pager prompt (\"{prompt}\") instead of printing its whole configuration: "
                        + $"turn paging off for SOTP's user{(platform.PagingOff is { } off ? $" (\"{off}\")" : "")}.");
                }
            }

            await execution;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConfigBackupException($"{device} had not finished printing its configuration after {o.TimeoutSeconds} s.");
        }

        var text = Encoding.UTF8.GetString(kept.ToArray());
        var problem = FirstLine(ssh.Error) ?? ErrorInstead(text);
        if (ssh.ExitStatus is { } status and not 0 || problem is not null)
        {
            throw new ConfigBackupException($"{device} answered \"{command}\" with an error instead of a configuration: "
                + (problem ?? $"exit status {ssh.ExitStatus}") + ".");
        }

        return text;
    }

    // The end of what was read so far, when it is a pager's prompt: "--More--", " --More-- ", "---(more 42%)---".
    private static string? PagerPrompt(MemoryStream kept)
    {
        var length = (int)Math.Min(kept.Length, 64);
        var tail = Encoding.UTF8.GetString(kept.GetBuffer(), (int)kept.Length - length, length);
        return PagerPattern().Match(tail) is { Success: true } m ? m.Value.Trim() : null;
    }

    [GeneratedRegex(@"(?:-- ?More ?--|---\(more(?: \d+%)?\)---|Press any key to continue[^\n]*)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PagerPattern();

    // What devices print when the command is not theirs: "% Invalid input", "% Unknown command", "Error: ...", "syntax error".
    private static string? ErrorInstead(string text)
    {
        var first = FirstLine(text);
        return first switch
        {
            null => "nothing at all",
            var l when l.StartsWith('%') || l.StartsWith("Error", StringComparison.OrdinalIgnoreCase)
                || l.Contains("syntax error", StringComparison.OrdinalIgnoreCase) || l.Contains("Unrecognized command", StringComparison.OrdinalIgnoreCase) => l,
            _ => null,
        };
    }

    private static string? FirstLine(string? text) =>
        text?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) is { } line ? line[..Math.Min(line.Length, 200)] : null;

    [LoggerMessage(EventId = 9401, Level = LogLevel.Warning, Message = "Configuration backup of device {DeviceId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, int deviceId, string reason);
}

/// <summary>
/// A backup that could not be made, in words for the person who reads the device's history; each says that the
/// previous version stays.
/// </summary>
public sealed class ConfigBackupException(string problem) : Exception(problem + " The previous version is kept.");
