using System.Diagnostics.Metrics;
using LibGit2SharpException = LibGit2Sharp.LibGit2SharpException;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sotp.Core.Observability;
using Sotp.Core.Secrets;

namespace Sotp.Core.Configs;

/// <summary>
/// Keeps a copy of the configuration history on a git remote (<see cref="ConfigOptions.RemoteUrl"/>): pushed after
/// each new version, the password or token read from its secret reference at that moment, never stored. A push that
/// fails is logged and counted, and the next one carries everything since.
/// </summary>
public sealed partial class ConfigRemote(ConfigRepository repository, ISecretStore secrets, IOptionsMonitor<ConfigOptions> options, IMeterFactory meters,
    ILogger<ConfigRemote> logger)
{
    private readonly Counter<long> _pushes = meters.Create(SotpMetrics.MeterName).CreateCounter<long>("sotp.config.pushes", "{push}",
        "Pushes of the configuration history to its git remote (label outcome: pushed, failed).");

    /// <summary>Pushes when a remote is set; the reason in words when the push failed, null otherwise.</summary>
    public async Task<string?> PushAsync(CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(o.RemoteUrl))
        {
            return null;
        }

        try
        {
            var password = o.RemotePasswordSecret is { Length: > 0 } reference ? await secrets.ResolveAsync(reference, cancellationToken) : null;
            repository.Push(o.RemoteUrl, o.RemoteUserName, password);
            _pushes.Add(1, new KeyValuePair<string, object?>("outcome", "pushed"));
            return null;
        }
        catch (Exception ex) when (ex is LibGit2SharpException or SecretException)
        {
            _pushes.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            LogPushFailed(logger, o.RemoteUrl, ex.Message);
            return ex.Message;
        }
    }

    [LoggerMessage(EventId = 9404, Level = LogLevel.Warning, Message = "The configuration history could not be pushed to {Remote}: {Reason}")]
    private static partial void LogPushFailed(ILogger logger, string remote, string reason);
}
