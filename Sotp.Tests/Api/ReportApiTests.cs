using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Core.Devices;
using Sotp.Core.Persistence;
using Sotp.Core.Status;
using Sotp.Tests.Support;

namespace Sotp.Tests.Api;

/// <summary>
/// <c>/api/v1/reports</c> as a script uses it: last month's figures (one outage of an hour), the CSV, a PDF asked for,
/// followed to done and downloaded, every step in the audit trail; bad months, zones and scopes refused in words.
/// </summary>
public sealed class ReportApiTests(SotpAppFactory app) : IClassFixture<SotpAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Last month, in UTC: "2026-10" when run in November 2026.</summary>
    private static readonly DateTimeOffset LastMonth = new(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string Month = LastMonth.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private async Task<HttpClient> SeededAsync()
    {
        var contexts = app.Services.GetRequiredService<IDbContextFactory<SotpDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(Ct);
        if (!await db.Devices.AnyAsync(d => d.Name == "report-core1", Ct))
        {
            var start = LastMonth.AddMonths(-1);
            var device = db.Devices.Add(new Device
            {
                Name = "report-core1", Address = "192.0.2.10", Kind = DeviceKind.Router, Site = "Report Lab", Monitored = false,
                CreatedAt = start.AddDays(-10), UpdatedAt = start.AddDays(-10),
            }).Entity;
            await db.SaveChangesAsync(Ct);
            db.StatusEvents.AddRange(
                new StatusEvent { DeviceId = device.Id, State = DeviceState.Up, At = start.AddDays(-10).AddMinutes(1) },
                new StatusEvent { DeviceId = device.Id, State = DeviceState.Down, PreviousState = DeviceState.Up, At = start.AddDays(3).AddHours(10) },
                new StatusEvent { DeviceId = device.Id, State = DeviceState.Up, PreviousState = DeviceState.Down, At = start.AddDays(3).AddHours(11) });
            await db.SaveChangesAsync(Ct);
        }

        return await app.CreateBearerClientAsync();
    }

    [Fact]
    public async Task Last_months_figures_come_as_json_and_csv_for_a_scope()
    {
        var api = await SeededAsync();
        var figures = await api.GetFromJsonAsync<JsonElement>($"/api/v1/reports/availability?month={Month}&timeZone=UTC&site=Report%20Lab", Ct);
        var network = figures.GetProperty("network");
        Assert.Equal((60.0, 1, false), (network.GetProperty("downtimeMinutes").GetDouble(), network.GetProperty("outages").GetInt32(),
            figures.GetProperty("monthToDate").GetBoolean()));
        var device = figures.GetProperty("devices").EnumerateArray().Single();
        Assert.Equal("report-core1", device.GetProperty("name").GetString());
        Assert.Equal(60.0, device.GetProperty("outages")[0].GetProperty("downtimeMinutes").GetDouble());

        var csv = await api.GetAsync($"/api/v1/reports/availability.csv?month={Month}&timeZone=UTC&site=Report%20Lab", Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("level,name,site,kind,tags,devices,availabilityPercent,targetPercent", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("device,report-core1,Report Lab,router,,1,", StringComparison.Ordinal) && l.Contains(",60,", StringComparison.Ordinal));
        var audit = await api.GetFromJsonAsync<JsonElement>("/api/v1/audit/?action=report.export-csv", Ct);
        Assert.Contains($"sotp-availability-{Month}.csv", audit.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pdf_is_asked_for_followed_to_done_downloaded_and_every_step_is_audited()
    {
        var api = await SeededAsync();
        var asked = await api.PostAsJsonAsync("/api/v1/reports/availability", new { month = Month, timeZone = "UTC", scope = new { sites = new[] { "Report Lab" } } }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var id = (await asked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/reports/{id}", asked.Headers.Location?.ToString());

        var done = await Eventually.WaitAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/v1/reports/{id}", Ct),
            r => r.GetProperty("status").GetString() is "done" or "failed");
        Assert.Equal(("done", 1, $"/api/v1/reports/{id}/pdf"), (done.GetProperty("status").GetString(), done.GetProperty("devices").GetInt32(),
            done.GetProperty("pdf").GetString()));
        var pdf = await api.GetAsync($"/api/v1/reports/{id}/pdf", Ct);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"sotp-availability-{Month}.pdf", pdf.Content.Headers.ContentDisposition?.FileName);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(Ct))[..5], StringComparison.Ordinal);

        var audit = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/audit/?targetType=report&targetId={id}", Ct)).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["report.download", "report.generate", "report.request"], audit);
        Assert.Contains(await api.GetFromJsonAsync<JsonElement[]>("/api/v1/reports/", Ct) ?? [], r => r.GetProperty("id").GetInt64() == id);
    }

    [Theory]
    [InlineData("2999-01", "UTC", null, "month", "January 2999 has not begun yet")]
    [InlineData("2001-01", "UTC", null, "month", "There is no data for January 2001")]
    [InlineData(null, "UTC", null, "month", "Give the month as year and month")]
    [InlineData("PREVIOUS", "Nowhere/Atlantis", null, "timeZone", "\"Nowhere/Atlantis\" is not a time zone")]
    [InlineData("PREVIOUS", "UTC", "Atlantis", "scope", "No device matches site Atlantis")]
    public async Task A_bad_month_zone_or_scope_is_refused_in_words_and_nothing_is_queued(string? month, string zone, string? site, string field, string message)
    {
        var api = await SeededAsync();
        var before = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/reports/", Ct))!.Length;
        var asked = await api.PostAsJsonAsync("/api/v1/reports/availability",
            new { month = month == "PREVIOUS" ? Month : month, timeZone = zone, scope = new { sites = site is null ? Array.Empty<string>() : [site] } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, asked.StatusCode);
        var errors = (await asked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.StartsWith(message, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/reports/", Ct))!.Length);
    }

    [Fact]
    public async Task A_report_that_does_not_exist_is_404_and_an_engineer_reads_figures_but_makes_no_files()
    {
        var api = await SeededAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/reports/987654/pdf", Ct)).StatusCode);
        var engineer = await app.CreateBearerClientAsync("report-engineer", await app.CreateUserAsync("report-engineer", "Engineer"));
        Assert.Equal(HttpStatusCode.OK, (await engineer.GetAsync($"/api/v1/reports/availability?month={Month}&timeZone=UTC", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.PostAsJsonAsync("/api/v1/reports/availability", new { month = Month }, Ct)).StatusCode);
    }
}
