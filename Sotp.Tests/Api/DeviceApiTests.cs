using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sotp.Core.Security;
using Sotp.Tests.Support;

namespace Sotp.Tests.Api;

public sealed class DeviceApiTests : IClassFixture<SotpAppFactory>
{
    private readonly SotpAppFactory _app;

    public DeviceApiTests(SotpAppFactory app) => _app = app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object NewDevice(string name, string address = "127.0.30.1", string kind = "router") => new
    {
        name,
        address,
        kind,
        platform = "frr",
        site = "lab-east",
        tags = new[] { "core", "lab" },
        description = "test router",
        monitored = false,
    };

    [Fact]
    public async Task A_device_is_created_read_changed_and_deleted()
    {
        var client = await _app.CreateBearerClientAsync();

        var created = await client.PostAsJsonAsync("/api/v1/devices", NewDevice("crud-rtr"), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var device = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = device.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/devices/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("router", device.GetProperty("kind").GetString());
        Assert.Equal(["core", "lab"], device.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Null(device.GetProperty("pingIntervalSeconds").GetString());

        var changed = await client.PutAsJsonAsync($"/api/v1/devices/{id}", new
        {
            name = "crud-rtr-renamed", address = "::1", kind = "switch", monitored = true, pingIntervalSeconds = 30,
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/devices/{id}", Ct);
        Assert.Equal("crud-rtr-renamed", read.GetProperty("name").GetString());
        Assert.Equal("switch", read.GetProperty("kind").GetString());
        Assert.Equal(30, read.GetProperty("pingIntervalSeconds").GetInt32());
        Assert.Equal("generic", read.GetProperty("platform").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/devices/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/devices/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/devices/{id}", Ct)).StatusCode);

        // Archived, so the name is free again.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/devices", NewDevice("crud-rtr-renamed"), Ct)).StatusCode);
    }

    [Theory]
    [InlineData("", "127.0.0.1", "router", "name")]
    [InlineData("<script>x</script>", "127.0.0.1", "router", "name")]
    [InlineData("bad-address", "127.0.0.999", "router", "address")]
    [InlineData("bad-address2", "10", "router", "address")]
    [InlineData("bad-address3", "not a host!", "router", "address")]
    [InlineData("unresolvable", "nowhere.lab.test", "router", "address")]
    [InlineData("unroutable", "0.0.0.0", "router", "address")]
    [InlineData("bad-kind", "127.0.0.1", "toaster", "kind")]
    public async Task Invalid_fields_get_a_validation_problem_naming_the_field(string name, string address, string kind, string field)
    {
        var client = await _app.CreateBearerClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/devices", NewDevice(name, address, kind), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.NotEmpty(messages.EnumerateArray().First().GetString()!);
    }

    [Fact]
    public async Task A_dns_name_that_resolves_is_accepted()
    {
        var client = await _app.CreateBearerClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/devices", NewDevice("named-rtr", "router1.lab.test"), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_duplicate_name_is_refused_and_nothing_changes()
    {
        var client = await _app.CreateBearerClientAsync();
        await client.PostAsJsonAsync("/api/v1/devices", NewDevice("dup-rtr"), Ct);

        var second = await client.PostAsJsonAsync("/api/v1/devices", NewDevice("dup-rtr", "127.0.30.2"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("already exists", await second.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/devices?search=dup-rtr", Ct);
        Assert.Equal(1, list.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task The_list_pages_filters_and_sorts_in_the_database()
    {
        var client = await _app.CreateBearerClientAsync();
        for (var i = 0; i < 7; i++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/devices", new
            {
                name = $"page-sw{i}", address = $"127.0.31.{i + 1}", kind = i % 2 == 0 ? "switch" : "firewall",
                site = "paging-site", tags = i < 3 ? new[] { "paging-tag" } : [], monitored = false,
            }, Ct);
            response.EnsureSuccessStatusCode();
        }

        var page2 = await client.GetFromJsonAsync<JsonElement>("/api/v1/devices?site=paging-site&pageSize=3&page=2&sort=-name", Ct);
        Assert.Equal(7, page2.GetProperty("totalCount").GetInt32());
        Assert.Equal(["page-sw3", "page-sw2", "page-sw1"], page2.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("name").GetString()));

        var switches = await client.GetFromJsonAsync<JsonElement>("/api/v1/devices?site=paging-site&kind=switch", Ct);
        Assert.Equal(4, switches.GetProperty("totalCount").GetInt32());
        var tagged = await client.GetFromJsonAsync<JsonElement>("/api/v1/devices?tag=paging-tag", Ct);
        Assert.Equal(3, tagged.GetProperty("totalCount").GetInt32());
        var unknown = await client.GetFromJsonAsync<JsonElement>("/api/v1/devices?site=paging-site&status=Unknown", Ct);
        Assert.Equal(7, unknown.GetProperty("totalCount").GetInt32()); // not monitored: never probed
    }

    [Theory]
    [InlineData("status=Sideways", "status")]
    [InlineData("kind=toaster", "kind")]
    [InlineData("sort=colour", "sort")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=100000", "pageSize")]
    public async Task Bad_list_parameters_are_named_in_the_problem(string query, string parameter)
    {
        var client = await _app.CreateBearerClientAsync();

        var response = await client.GetAsync($"/api/v1/devices?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task Status_is_unknown_for_a_device_never_probed_and_404_for_none()
    {
        var client = await _app.CreateBearerClientAsync();
        var created = await (await client.PostAsJsonAsync("/api/v1/devices", NewDevice("status-rtr"), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        var status = await client.GetFromJsonAsync<JsonElement>($"/api/v1/devices/{created.GetProperty("id").GetInt32()}/status", Ct);

        Assert.Equal("Unknown", status.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("since").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/devices/999999/status", Ct)).StatusCode);
    }

    [Fact]
    public async Task Readers_may_read_but_not_write()
    {
        var password = await _app.CreateUserAsync("auditor-devices", SotpRoles.Auditor);
        var client = await _app.CreateBearerClientAsync("auditor-devices", password);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/devices", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/devices", NewDevice("auditor-made"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("/api/v1/devices/1", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync("/api/v1/devices", Ct)).StatusCode);
    }

    [Fact]
    public async Task Engineers_may_write()
    {
        var password = await _app.CreateUserAsync("engineer-devices", SotpRoles.Engineer);
        var client = await _app.CreateBearerClientAsync("engineer-devices", password);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/devices", NewDevice("engineer-made"), Ct)).StatusCode);
    }

    [Fact]
    public async Task Csv_import_saves_good_rows_and_reports_bad_ones_by_line()
    {
        var client = await _app.CreateBearerClientAsync();
        var csv = """
            name,address,kind,site,tags,monitored
            csv-rtr1,127.0.40.1,router,csv-site,core;edge,false
            csv-rtr2,127.0.0.300,router,csv-site,,false
            "csv, quoted",127.0.40.3,firewall,csv-site,,false
            csv-rtr1,127.0.40.4,router,csv-site,,false
            csv-sw,127.0.40.5,switch,csv-site,,maybe
            """;

        var response = await client.PostAsync("/api/v1/devices/import", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(1, report.GetProperty("imported").GetInt32());
        var problems = report.GetProperty("problems").EnumerateArray().ToArray();
        Assert.Equal([3, 4, 5, 6], problems.Select(p => p.GetProperty("line").GetInt32()));
        Assert.True(problems[0].GetProperty("errors").TryGetProperty("address", out _));
        Assert.True(problems[1].GetProperty("errors").TryGetProperty("name", out _)); // a comma is not allowed in a name
        Assert.True(problems[2].GetProperty("errors").TryGetProperty("name", out _)); // twice in the file
        Assert.True(problems[3].GetProperty("errors").TryGetProperty("monitored", out _));
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/v1/devices?site=csv-site", Ct);
        Assert.Equal(1, listed.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Csv_export_round_trips_and_defuses_formulas()
    {
        var client = await _app.CreateBearerClientAsync();
        (await client.PostAsJsonAsync("/api/v1/devices", new
        {
            name = "export-rtr", address = "127.0.41.1", kind = "router", description = "=HYPERLINK(\"http://x\")", monitored = false,
        }, Ct)).EnsureSuccessStatusCode();

        var csv = await client.GetStringAsync("/api/v1/devices/export", Ct);

        Assert.StartsWith("name,address,kind,platform,site,tags,description,monitored,pingIntervalSeconds", csv, StringComparison.Ordinal);
        Assert.Contains("export-rtr,127.0.41.1,router,generic,,,\"'=HYPERLINK(\"\"http://x\"\")\",false,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_csv_file_imports_nothing_and_says_why()
    {
        var client = await _app.CreateBearerClientAsync();

        var response = await client.PostAsync("/api/v1/devices/import",
            new StringContent("name,address,kind\n\"never closed,127.0.42.1,router\n", Encoding.UTF8, "text/csv"), Ct);

        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(0, report.GetProperty("imported").GetInt32());
        Assert.Contains("never closed", report.GetProperty("problems")[0].GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_device_api()
    {
        var client = await _app.CreateBearerClientAsync();

        var document = await client.GetStringAsync("/openapi/v1.json", Ct);

        Assert.Contains("/api/v1/devices/{id}/status", document, StringComparison.Ordinal);
    }
}
