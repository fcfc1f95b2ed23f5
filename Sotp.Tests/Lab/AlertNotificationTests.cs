using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Core.Persistence;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// A device stops answering pings: the alert opens, a signed webhook and an e-mail (a real SMTP server) say so, a person
/// acknowledges it, it resolves when the device answers again; a webhook nobody answers is retried and recorded as failed.
/// </summary>
[LabTest]
public sealed class AlertNotificationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_device_down_alert_is_notified_signed_acknowledged_and_resolved()
    {
        SilentLoopbackHosts.Require();
        await using var silent = new SilentLoopbackHosts();
        await using var smtp = await SmtpServer.StartAsync();
        using var hook = new WebhookReceiver();
        var deadPort = LabProcess.FreeLoopbackPort();
        await using var app = new SotpAppFactory()
            .With("Sotp:Smtp:Host", "127.0.0.1").With("Sotp:Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Sotp:Smtp:Security", "none").With("Sotp:Alerts:NotificationAttempts", "2").With("Sotp:Alerts:NotificationRetrySeconds", "1");
        var api = await app.CreateBearerClientAsync();
        var secret = TestSecrets.NewPassword();
        var device = await CreateAsync(api, "/api/v1/devices", new { name = "edge-down1", address = "127.0.96.1", kind = "router", pingIntervalSeconds = 1 });
        await CreateAsync(api, "/api/v1/alert-rules", new
        {
            name = "Edge down", condition = "device-down", severity = "critical", scope = new { deviceIds = new[] { device } },
            webhookUrl = hook.Url, webhookSecret = secret, emailTo = "noc@example.net",
        });
        await CreateAsync(api, "/api/v1/alert-rules", new
        {
            name = "Edge down (nobody listens)", condition = "device-down", scope = new { deviceIds = new[] { device } },
            webhookUrl = $"http://127.0.0.1:{deadPort}/hook",
        });

        await silent.SilenceAsync("127.0.96.1");
        var opened = await Eventually.WaitAsync(() => AlertsAsync(api, $"deviceId={device}"), a => a.Count(x => x.GetProperty("rule").GetString() == "Edge down") == 1);
        var alert = opened.Single(x => x.GetProperty("rule").GetString() == "Edge down");
        Assert.Equal(("open", "critical", "edge-down1 is down"), (alert.GetProperty("state").GetString(), alert.GetProperty("severity").GetString(),
            alert.GetProperty("title").GetString()));

        // The webhook: JSON signed over "timestamp.body" with the rule's secret; the e-mail through a real SMTP server.
        var (headers, body) = (await Eventually.WaitAsync(() => Task.FromResult(hook.Received), r => r.Count >= 1))[0];
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{headers["X-Sotp-Timestamp"]}.{body}")));
        Assert.Equal($"sha256={signature}", headers["X-Sotp-Signature"]);
        var sent = JsonDocument.Parse(body).RootElement;
        Assert.Equal(("opened", "edge-down1"), (sent.GetProperty("change").GetString(), sent.GetProperty("alert").GetProperty("device").GetString()));
        var mail = (await Eventually.WaitAsync(() => Task.FromResult(smtp.Messages), m => m.Count >= 1))[0];
        Assert.Contains("Subject: [SOTP critical] opened: edge-down1 is down", mail, StringComparison.Ordinal);
        Assert.Contains("To: noc@example.net", mail, StringComparison.Ordinal);

        var ack = await api.PostAsync($"/api/v1/alerts/{alert.GetProperty("id").GetInt64()}/ack", null, Ct);
        ack.EnsureSuccessStatusCode();
        Assert.Equal("acknowledged", (await ack.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString());

        await silent.RestoreAsync("127.0.96.1");
        var resolved = await Eventually.WaitAsync(() => AlertsAsync(api, $"deviceId={device}&state=all"),
            a => a.Any(x => x.GetProperty("rule").GetString() == "Edge down" && x.GetProperty("state").GetString() == "resolved"));
        Assert.Equal("admin", resolved.First(x => x.GetProperty("rule").GetString() == "Edge down").GetProperty("acknowledgedBy").GetString());
        await Eventually.WaitAsync(() => Task.FromResult(hook.Received), r => r.Any(x => x.Body.Contains("\"change\":\"resolved\"", StringComparison.Ordinal)));
        // Every rule's alert on the device resolves (each is saved, then shown, on its own: one may trail the other).
        Assert.Empty(await Eventually.WaitAsync(() => AlertsAsync(api, $"deviceId={device}"), a => a.Count == 0));

        // What was sent is on record, the failed webhook after its two attempts included; the acknowledgement is audited.
        var contexts = app.Services.GetRequiredService<IDbContextFactory<SotpDbContext>>();
        var deliveries = await Eventually.WaitAsync(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync(Ct);
            return await db.NotificationDeliveries.AsNoTracking().ToListAsync(Ct);
        }, d => d.Any(x => x.Status == "failed") && d.Count(x => x.Status == "delivered") >= 3);
        Assert.Contains(deliveries, d => d is { Channel: "email", Status: "delivered", Change: "opened", Attempts: 1 });
        var failed = deliveries.First(d => d.Status == "failed");
        Assert.Equal((2, "webhook"), (failed.Attempts, failed.Channel));
        Assert.False(string.IsNullOrEmpty(failed.Error));
        var audit = await api.GetFromJsonAsync<JsonElement>("/api/v1/audit/?action=alert.ack", Ct);
        Assert.Contains("alert.ack", audit.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, audit.ToString(), StringComparison.Ordinal);
    }

    private static async Task<int> CreateAsync(HttpClient api, string path, object body)
    {
        var created = await api.PostAsJsonAsync(path, body, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
    }

    private static async Task<List<JsonElement>> AlertsAsync(HttpClient api, string query) =>
        [.. (await api.GetFromJsonAsync<JsonElement>($"/api/v1/alerts?{query}", Ct)).EnumerateArray()];
}
