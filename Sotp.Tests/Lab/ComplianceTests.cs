using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Collectors.Configs;
using Sotp.Core.Audit;
using Sotp.Core.Configs;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// Golden-configuration compliance against FRR in a test namespace: rules saved through the API (one that does not
/// compile refused with its position), the router's stored configuration checked at once, a port shut with vtysh makes
/// the next backup non-compliant with the fix to type, and the verdicts come out as JSON, CSV, PDF and a history.
/// </summary>
[LabTest]
[Collection(SshRouterCollection.Name)]
public sealed class ComplianceTests(SshRouterLab router)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly AuditActor Person = new("erik", ["Engineer"], "test");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_port_shut_with_vtysh_breaks_a_rule_at_the_next_backup_with_the_fix_to_type()
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory();
        var api = await app.CreateBearerClientAsync();
        var device = await router.AddRouterAsync(api);
        var backup = app.Services.GetRequiredService<ConfigBackup>();
        try
        {
            Assert.Equal(ConfigBackupOutcome.Changed, (await backup.BackupAsync(device, "on demand", Person, Ct)).Outcome);

            var broken = await api.PostAsJsonAsync("/api/v1/compliance/rules", new { name = "Hostname pattern", kind = "match", text = "^hostname (r" }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
            var problem = (await broken.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("text")[0].GetString();
            Assert.StartsWith("Line 1, column 12: the regular expression does not compile", problem, StringComparison.Ordinal);

            await RuleAsync(api, new { name = "Hostname is the device's name", kind = "required", text = "hostname {name}" });
            await RuleAsync(api, new { name = "No port shut", kind = "forbidden", text = " shut", platforms = new[] { "frr" } });
            await RuleAsync(api, new { name = "Junos only", kind = "required", text = "set system host-name {name}", platforms = new[] { "junos" } });
            var first = await VerdictsAsync(api, v => v.Length == 3);
            Assert.Equal([("Hostname is the device's name", "pass"), ("Junos only", "not-applicable"), ("No port shut", "pass")],
                first.Select(v => (v.GetProperty("rule").GetString()!, v.GetProperty("state").GetString()!)).Order());

            await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", "interface eth2", "-c", "shutdown");
            Assert.Equal(ConfigBackupOutcome.Changed, (await backup.BackupAsync(device, "on demand", Person, Ct)).Outcome);
            var after = await VerdictsAsync(api, v => v.Any(x => x.GetProperty("state").GetString() == "fail"));
            var failed = Assert.Single(after, v => v.GetProperty("state").GetString() == "fail");
            Assert.Equal((device, "No port shut"), (failed.GetProperty("deviceId").GetInt32(), failed.GetProperty("rule").GetString()));
            Assert.Matches(@"^line \d+: shutdown$", failed.GetProperty("actual").GetString());
            Assert.Equal("interface eth2\n no shutdown", failed.GetProperty("remediation").GetString());

            // The same verdicts for auditors, and the router's compliance over time.
            var csv = await api.GetStringAsync("/api/v1/compliance.csv", Ct);
            Assert.Contains("No port shut,fail", csv, StringComparison.Ordinal);
            var pdf = await api.GetByteArrayAsync("/api/v1/compliance.pdf", Ct);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
            var history = await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/devices/{device}/compliance/history", Ct);
            Assert.Equal(1, history![0].GetProperty("failed").GetInt32());
            Assert.Contains(history, h => h.GetProperty("failed").GetInt32() == 0 && h.GetProperty("passed").GetInt32() == 2);
            Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/compliance?state=broken", Ct)).StatusCode);
        }
        finally
        {
            await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", "interface eth2", "-c", "no shutdown");
        }
    }

    private static async Task RuleAsync(HttpClient api, object rule)
    {
        var response = await api.PostAsJsonAsync("/api/v1/compliance/rules", rule, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    // Rules and backups are checked in the background: the verdicts the test waits for, or the last ones read.
    private static async Task<JsonElement[]> VerdictsAsync(HttpClient api, Func<JsonElement[], bool> done)
    {
        var verdicts = await Eventually.WaitAsync(() => api.GetFromJsonAsync<JsonElement[]>("/api/v1/compliance", Ct), v => done(v!), Patience);
        Assert.True(done(verdicts!), "Not the verdicts expected: " + string.Join(", ", verdicts!.Select(v => v.ToString())));
        return verdicts!;
    }
}
