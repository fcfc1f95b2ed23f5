using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sotp.Tests.Support;

namespace Sotp.Tests.Api;

/// <summary>
/// Every write endpoint of the API, found in its own OpenAPI document, gets each malformed body a script can
/// send; each must answer 400 problem+json naming the field, never 500 and never a bare 400.
/// </summary>
public sealed class BindingProblemTests : IClassFixture<SotpAppFactory>
{
    private readonly SotpAppFactory _app;

    public BindingProblemTests(SotpAppFactory app) => _app = app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed record WriteEndpoint(string Method, string Path, string? FirstProperty, string? FirstType);

    private static async Task<IReadOnlyList<WriteEndpoint>> WriteEndpointsAsync(HttpClient client)
    {
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var endpoints = new List<WriteEndpoint>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "post" or "put" or "patch"))
            {
                if (!operation.Value.TryGetProperty("requestBody", out var body) ||
                    !body.GetProperty("content").TryGetProperty("application/json", out var json))
                {
                    continue;
                }

                var schema = json.GetProperty("schema");
                if (schema.TryGetProperty("$ref", out var reference))
                {
                    schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
                }

                var first = schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().FirstOrDefault() : default;
                // Route values (ids) become 1: the body is read before the handler looks the id up.
                var concrete = System.Text.RegularExpressions.Regex.Replace(path.Name, @"\{[^}]+\}", "1");
                endpoints.Add(new WriteEndpoint(operation.Name.ToUpperInvariant(), concrete,
                    first.Value.ValueKind == JsonValueKind.Undefined ? null : first.Name,
                    first.Value.ValueKind == JsonValueKind.Undefined ? null : TypeOf(first.Value)));
            }
        }

        return endpoints;
    }

    private static string? TypeOf(JsonElement property) =>
        property.TryGetProperty("type", out var type)
            ? type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).First(t => t != "null") : type.GetString()
            : null;

    // A value that is not of the property's type: an object where text or a number belongs, text elsewhere.
    private static string WrongValueFor(string? type) => type is "object" ? "\"text\"" : "{\"nested\": 1}";

    private static string DeepNesting() => "{\"deep\": " + new string('[', 80) + new string(']', 80) + "}";

    private static async Task ExpectFieldProblemAsync(HttpClient client, WriteEndpoint endpoint, string body, string expectedField)
    {
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{endpoint.Method} {endpoint.Path} with {body[..Math.Min(body.Length, 30)]}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(expectedField, out _), $"{endpoint.Method} {endpoint.Path}: expected the field {expectedField} named in {text}");
    }

    [Fact]
    public async Task Every_write_endpoint_answers_each_malformed_body_with_a_400_naming_the_field()
    {
        var client = await _app.CreateBearerClientAsync();
        var endpoints = await WriteEndpointsAsync(client);
        Assert.Contains(endpoints, e => e is { Method: "POST", Path: "/api/v1/devices" });
        Assert.True(endpoints.Count >= 10, $"only {endpoints.Count} write endpoints found");

        foreach (var endpoint in endpoints)
        {
            await ExpectFieldProblemAsync(client, endpoint, "[]", "body");
            await ExpectFieldProblemAsync(client, endpoint, "\"a string\"", "body");
            await ExpectFieldProblemAsync(client, endpoint, "", "body");
            await ExpectFieldProblemAsync(client, endpoint, DeepNesting(), "deep");
            if (endpoint.FirstProperty is { } property)
            {
                await ExpectFieldProblemAsync(client, endpoint, $"{{\"{property}\": {WrongValueFor(endpoint.FirstType)}}}", property);
                await ExpectFieldProblemAsync(client, endpoint, $"{{\"{property}\": ", property);
            }
        }
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_is_named()
    {
        var client = await _app.CreateBearerClientAsync();

        using var response = await client.GetAsync("/api/v1/devices?page=abc", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["\"abc\" is not a valid whole number."], problem.GetProperty("errors").GetProperty("page").EnumerateArray().Select(e => e.GetString()));
    }
}
