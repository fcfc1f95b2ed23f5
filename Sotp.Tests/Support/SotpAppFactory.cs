using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Sotp.Core.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sotp.Collectors.Addressing;

namespace Sotp.Tests.Support;

/// <summary>
/// Boots the real console on a fresh SQLite file in a temp folder. By default with a bootstrap admin whose
/// password is generated for this run; <see cref="WithoutBootstrapAdmin"/> leaves the first run to /setup.
/// </summary>
public class SotpAppFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _folder = new("sotp-app");
    private readonly Dictionary<string, string?> _settings = new();

    public SotpAppFactory() : this(withBootstrapAdmin: true)
    {
    }

    private SotpAppFactory(bool withBootstrapAdmin)
    {
        AdminPassword = withBootstrapAdmin ? TestSecrets.NewPassword() : null;
        _settings["ConnectionStrings:Sotp"] = $"Data Source={_folder.File("sotp.db")}";
        _settings["Sotp:Bootstrap:AdminPassword"] = AdminPassword;
        // Test classes share one app and sign in many times from one address; the throttle test sets its own limit.
        _settings["Sotp:Security:SignInAttemptsPerMinute"] = "1000";
        // Test apps run side by side: each listens for syslog on free loopback ports of its own.
        _settings["Sotp:Syslog:BindAddress"] = "127.0.0.1";
        _settings["Sotp:Syslog:UdpPort"] = "0";
        _settings["Sotp:Syslog:TcpPort"] = "0";
        _settings["Sotp:Traps:BindAddress"] = "127.0.0.1";
        _settings["Sotp:Traps:Port"] = "0";
        // Configuration history in the test's own folder, never in the source tree.
        _settings["Sotp:Configs:RepositoryFolder"] = _folder.File("configs");
        // No backup behind a test's back (lab routers are shared by test classes); the schedule's own tests turn it on.
        _settings["Sotp:Configs:BackupEveryHours"] = "0";
    }

    public static SotpAppFactory WithoutBootstrapAdmin() => new(withBootstrapAdmin: false);

    public string? AdminPassword { get; }

    public string DataFolder => _folder.Path;

    /// <summary>Everything the app logged.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Adds or overrides a configuration key before the app starts.</summary>
    public SotpAppFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Starts Kestrel on a free loopback port (for the browser) and returns its base address.</summary>
    public Uri StartOnLoopback()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        return new Uri(address);
    }

    /// <summary>Creates a user with a generated password in <paramref name="role"/>; returns the password.</summary>
    public async Task<string> CreateUserAsync(string userName, string role)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SotpUser>>();
        var password = TestSecrets.NewPassword();
        var user = new SotpUser(userName);
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return password;
    }

    /// <summary>Signs in through the API and returns a client carrying the bearer token.</summary>
    public async Task<HttpClient> CreateBearerClientAsync(string userName = "admin", string? password = null)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login",
            new { userName, password = password ?? AdminPassword }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenBody>(TestContext.Current.CancellationToken);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token!.AccessToken);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Serve wwwroot and the packages' _content/ from the build output, as `dotnet run` does in Development.
        builder.UseStaticWebAssets();
        // The host's console, debug and event-source loggers stay quiet; the capture and (when configured) the OTLP
        // exporter get every line.
        builder.ConfigureLogging(logging => logging.AddProvider(Logs)
            .AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(_ => false)
            .AddFilter<Microsoft.Extensions.Logging.Debug.DebugLoggerProvider>(_ => false)
            .AddFilter<Microsoft.Extensions.Logging.EventSource.EventSourceLoggerProvider>(_ => false));
        builder.ConfigureServices(services => services.AddSingleton<IHostResolver, FakeHostResolver>());
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _folder.Dispose();
        }
    }

    private sealed record TokenBody(string AccessToken, long ExpiresIn);
}
