using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sotp.Core.Alerts;
using Sotp.Core.Devices;
using Sotp.Core.Mail;
using Sotp.Core.Observability;
using Sotp.Core.Persistence;
using Sotp.Core.Secrets;

namespace Sotp.Collectors.Alerts;

/// <summary>
/// Tells people about alerts, per rule: a webhook (JSON, signed with HMAC-SHA256 over timestamp and body) and e-mail
/// (<see cref="MailSender"/>). Each delivery is tried up to <see cref="AlertOptions.NotificationAttempts"/> times with
/// a doubling wait, and recorded (<see cref="NotificationDelivery"/>) with how it went. Alerts in maintenance notify
/// nobody; a flapping alert says so once, not at every flap.
/// </summary>
public sealed partial class AlertNotifier(
    IHttpClientFactory http,
    MailSender mail,
    CredentialVault vault,
    DeviceCatalog catalog,
    IDbContextFactory<SotpDbContext> contexts,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertNotifier> logger,
    IMeterFactory meters) : BackgroundService
{
    public const string HttpClientName = "sotp-webhooks";
    public const string SignatureHeader = "X-Sotp-Signature";
    public const string TimestampHeader = "X-Sotp-Timestamp";

    private readonly Channel<(Alert Alert, string Change, AlertRule Rule)> _queue =
        Channel.CreateBounded<(Alert, string, AlertRule)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly Counter<long> _sent = meters.Create(SotpMetrics.MeterName).CreateCounter<long>("sotp.notifications", "{notification}",
        "Alert notifications by channel (webhook, email) and outcome (delivered, failed, dropped).");

    /// <summary>What to tell about a saved alert change: opened, flapping, resolved; null for nothing.</summary>
    public static string? ChangeOf(Alert alert, bool isNew) => alert switch
    {
        { InMaintenance: true } => null,
        { State: AlertState.Resolved } => "resolved",
        _ when isNew && alert.Flapping => "flapping",
        _ when isNew => "opened",
        _ => null,
    };

    public void Enqueue(Alert alert, string change, AlertRule? rule)
    {
        if (rule is null || (rule.WebhookUrl is null && rule.EmailTo is null))
        {
            return;
        }

        if (!_queue.Writer.TryWrite((alert, change, rule)))
        {
            _sent.Add(1, new KeyValuePair<string, object?>("channel", "any"), new KeyValuePair<string, object?>("outcome", "dropped"));
            LogDropped(logger, alert.Title);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (alert, change, rule) in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                var device = catalog.Feed.TryGet(alert.DeviceId, out var d) ? d.Name : $"device {alert.DeviceId}";
                var deliveries = new List<Task>();
                if (rule.WebhookUrl is { } url)
                {
                    deliveries.Add(DeliverAsync(alert, rule, change, "webhook", url, ct => PostAsync(url, rule, Body(alert, rule, change, device), ct), stoppingToken));
                }

                if (rule.EmailTo is { } to)
                {
                    deliveries.Add(DeliverAsync(alert, rule, change, "email", to, ct => mail.SendAsync(AlertRules.Recipients(to),
                        $"[SOTP {alert.Severity.ToString().ToLowerInvariant()}] {change}: {alert.Title}", Text(alert, change, device), null, ct), stoppingToken));
                }

                await Task.WhenAll(deliveries);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(Alert alert, AlertRule rule, string change, string channel, string target, Func<CancellationToken, Task> send,
        CancellationToken cancellationToken)
    {
        var record = new NotificationDelivery
        {
            AlertId = alert.Id, RuleId = rule.Id, Channel = channel, Target = target, Change = change, Status = "failed", At = time.GetUtcNow(),
        };
        var wait = TimeSpan.FromSeconds(options.Value.NotificationRetrySeconds);
        while (record.Attempts < options.Value.NotificationAttempts)
        {
            record.Attempts++;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.NotificationTimeoutSeconds));
                await send(timeout.Token);
                (record.Status, record.Error, record.DeliveredAt) = ("delivered", null, time.GetUtcNow());
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                record.Error = ex is OperationCanceledException ? $"no answer within {options.Value.NotificationTimeoutSeconds} s" : ex.Message;
                LogAttemptFailed(logger, channel, alert.Title, record.Attempts, record.Error);
                if (record.Attempts < options.Value.NotificationAttempts)
                {
                    await Task.Delay(wait, time, cancellationToken);
                    wait *= 2;
                }
            }
        }

        _sent.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", record.Status));
        await RecordAsync(record, cancellationToken);
    }

    private async Task RecordAsync(NotificationDelivery record, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                db.NotificationDeliveries.Add(record);
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is DbException or DbUpdateException or RetryLimitExceededException or TimeoutException && attempt < 30)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
            }
        }
    }

    private async Task PostAsync(string url, AlertRule rule, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.Headers.Add(TimestampHeader, timestamp);
        if (rule.WebhookSecret is { } sealedSecret)
        {
            var key = Encoding.UTF8.GetBytes(await vault.OpenAsync(sealedSecret, cancellationToken));
            request.Headers.Add(SignatureHeader, "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{timestamp}.{body}"))));
        }

        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("SOTP", "1"));
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase} from {url}");
        }
    }

    /// <summary>The webhook body: what changed and the alert, with the device's name.</summary>
    public static string Body(Alert alert, AlertRule rule, string change, string device) => JsonSerializer.Serialize(new
    {
        change,
        alert = new
        {
            alert.Id, alert.Key, rule = rule.Name, alert.RuleId, alert.DeviceId, device, target = alert.Target.Length == 0 ? null : alert.Target,
            condition = AlertRules.Name(alert.Condition), severity = alert.Severity.ToString().ToLowerInvariant(), state = alert.State.ToString().ToLowerInvariant(),
            alert.Title, alert.Detail, alert.OpenedAt, alert.ResolvedAt, alert.Count, alert.Flapping,
        },
    }, JsonSerializerOptions.Web);

    private static string Text(Alert alert, string change, string device) => $"""
        {alert.Title}
        {change} · {alert.Severity.ToString().ToLowerInvariant()} · {device}{(alert.Target.Length > 0 ? $" {alert.Target}" : "")}

        {alert.Detail}

        Opened {alert.OpenedAt:u}{(alert.ResolvedAt is { } r ? $", resolved {r:u}" : "")}{(alert.Flapping ? ", flapping" : "")}; seen {alert.Count} time(s).
        """;

    [LoggerMessage(EventId = 9011, Level = LogLevel.Warning, Message = "Notification by {Channel} for \"{Title}\" failed (attempt {Attempt}): {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string channel, string title, int attempt, string reason);

    [LoggerMessage(EventId = 9012, Level = LogLevel.Error, Message = "Notification queue full: \"{Title}\" not notified")]
    private static partial void LogDropped(ILogger logger, string title);
}
