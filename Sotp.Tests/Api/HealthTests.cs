using System.Net;
using System.Text.Json;
using Sotp.Tests.Support;

namespace Sotp.Tests.Api;

public sealed class HealthTests : IClassFixture<SotpAppFactory>
{
    private readonly SotpAppFactory _app;

    public HealthTests(SotpAppFactory app) => _app = app;

    [Fact]
    public async Task Liveness_answers_anonymously()
    {
        var response = await _app.CreateClient().GetAsync("/healthz/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readiness_checks_the_database_and_reveals_no_secrets()
    {
        var response = await _app.CreateClient().GetAsync("/healthz/ready", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("database", json.RootElement.GetProperty("checks")[0].GetProperty("name").GetString());
        Assert.DoesNotContain(_app.DataFolder, body, StringComparison.Ordinal);
        Assert.DoesNotContain(_app.AdminPassword!, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_fails_when_the_database_is_gone()
    {
        await using var app = new SotpAppFactory();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready", TestContext.Current.CancellationToken)).StatusCode);

        // Make the database file unreadable: replace it with a folder of the same name.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var file = Path.Combine(app.DataFolder, "sotp.db");
        File.Delete(file);
        Directory.CreateDirectory(file);

        var response = await client.GetAsync("/healthz/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("does not answer", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
