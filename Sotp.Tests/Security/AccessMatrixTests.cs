using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Core.Security;
using Sotp.Tests.Support;

namespace Sotp.Tests.Security;

/// <summary>
/// Every endpoint the app maps (API routes, pages, account routes, the Blazor hub), for anonymous callers and each
/// role, decided by the app's own authorization against the committed matrix in access-matrix.txt. A new endpoint
/// without a line there fails, and so does a line for an endpoint that is gone.
/// </summary>
public sealed class AccessMatrixTests : IClassFixture<SotpAppFactory>
{
    private const string MatrixFile = "Sotp.Tests/Security/access-matrix.txt";
    private static readonly string[] Callers = ["anonymous", .. SotpRoles.All];

    private readonly SotpAppFactory _app;

    public AccessMatrixTests(SotpAppFactory app) => _app = app;

    private readonly Dictionary<string, string> _passwords = [];
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..6];

    /// <summary>A real user of each role (the policies also check that the account still stands), made once.</summary>
    private async Task<Dictionary<string, ClaimsPrincipal>> PrincipalsAsync()
    {
        var principals = new Dictionary<string, ClaimsPrincipal> { ["anonymous"] = new(new ClaimsIdentity()) };
        foreach (var role in SotpRoles.All)
        {
            var name = $"matrix-{role.ToLowerInvariant()}-{_suffix}";
            if (!_passwords.ContainsKey(role))
            {
                _passwords[role] = await _app.CreateUserAsync(name, role);
            }

            using var scope = _app.Services.CreateScope();
            var signIn = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.SignInManager<SotpUser>>();
            principals[role] = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByNameAsync(name))!);
        }

        return principals;
    }

    private async Task<SortedDictionary<string, string>> ActualAsync()
    {
        _ = _app.Server; // start the app so that every endpoint is mapped
        var services = _app.Services;
        var principals = await PrincipalsAsync();
        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var authorization = services.GetRequiredService<IAuthorizationService>();
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null)
            {
                continue; // files of wwwroot and packages: public by design
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            var key = $"{string.Join(",", methods.Order())} /{endpoint.RoutePattern.RawText?.TrimStart('/')}";
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policy = await AuthorizationPolicy.CombineAsync(policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
                endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
            var decisions = new List<string>();
            foreach (var caller in Callers)
            {
                var allowed = anonymous || policy is null || (await authorization.AuthorizeAsync(principals[caller], policy)).Succeeded;
                decisions.Add(allowed ? "allow" : "deny");
            }

            rows[key] = string.Join(" ", decisions);
        }

        return rows;
    }

    [Fact]
    public async Task Every_endpoint_and_page_answers_each_role_as_the_committed_matrix_says()
    {
        var actual = await ActualAsync();
        var expected = File.ReadAllLines(RepositoryFiles.Path(MatrixFile))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(p => p[0], p => string.Join(" ", p[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)));

        var problems = new StringBuilder();
        foreach (var (endpoint, decisions) in actual)
        {
            if (!expected.TryGetValue(endpoint, out var wanted))
            {
                problems.AppendLine($"new endpoint without an entry; add after review:  {endpoint} | {decisions}");
            }
            else if (wanted != decisions)
            {
                problems.AppendLine($"{endpoint}: matrix says [{wanted}], the app decides [{decisions}]");
            }
        }

        foreach (var gone in expected.Keys.Except(actual.Keys))
        {
            problems.AppendLine($"the matrix lists {gone}, which the app no longer maps");
        }

        Assert.True(problems.Length == 0, $"Callers in order: {string.Join(" ", Callers)}\n{problems}");
    }

    /// <summary>
    /// The same decisions over real HTTP, for every GET route without parameters: the pipeline (middleware order,
    /// schemes, redirects) must enforce what the policies say. Callers come as they do for real: scripts with a
    /// bearer token to /api, people with the session cookie everywhere else.
    /// </summary>
    [Fact]
    public async Task Real_requests_get_the_answers_the_matrix_promises()
    {
        var rows = await ActualAsync();
        var anonymous = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var scripts = new Dictionary<string, HttpClient> { ["anonymous"] = anonymous };
        var people = new Dictionary<string, HttpClient> { ["anonymous"] = anonymous };
        foreach (var role in SotpRoles.All)
        {
            var name = $"matrix-{role.ToLowerInvariant()}-{_suffix}";
            var password = _passwords[role];
            var bearer = await _app.CreateBearerClientAsync(name, password);
            var script = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            script.DefaultRequestHeaders.Authorization = bearer.DefaultRequestHeaders.Authorization;
            scripts[role] = script;
            var browser = new SignInPage(_app);
            Assert.StartsWith("redirect:", await browser.PostAsync(name, password), StringComparison.Ordinal);
            people[role] = browser.Client;
        }

        var checkedRoutes = 0;
        foreach (var (endpoint, decisions) in rows)
        {
            var parts = endpoint.Split(' ', 2);
            if (!parts[0].Split(',').Contains("GET") || parts[1].Contains('{', StringComparison.Ordinal) || parts[1].StartsWith("/_", StringComparison.Ordinal))
            {
                continue;
            }

            var expected = decisions.Split(' ');
            for (var i = 0; i < Callers.Length; i++)
            {
                var clients = parts[1].StartsWith("/api/", StringComparison.Ordinal) ? scripts : people;
                using var response = await clients[Callers[i]].GetAsync(parts[1], HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
                var location = response.Headers.Location?.OriginalString ?? "";
                var refused = response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden
                              || location.Contains("/account/login", StringComparison.Ordinal) || location.Contains("/account/access-denied", StringComparison.Ordinal);
                Assert.True(refused == (expected[i] == "deny"), $"GET {parts[1]} as {Callers[i]}: {(int)response.StatusCode} {location}, matrix says {expected[i]}");
            }

            checkedRoutes++;
        }

        Assert.True(checkedRoutes >= 15, $"only {checkedRoutes} routes checked over HTTP");
    }
}
