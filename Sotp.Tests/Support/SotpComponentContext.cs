using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Sotp.Collectors.Addressing;
using Sotp.Collectors.Configs;
using Sotp.Collectors.RemoteConsole;
using Sotp.Core.Compliance;
using Sotp.Core.Configs;
using Sotp.Core.RemoteConsole;
using Sotp.Collectors.Icmp;
using Sotp.Console.Identity;
using Sotp.Core.Alerts;
using Sotp.Core.Audit;
using Sotp.Core.Cluster;
using Sotp.Core.Dashboard;
using Sotp.Core.Devices;
using Sotp.Core.Events;
using Sotp.Core.Metrics;
using Sotp.Core.Persistence;
using Sotp.Core.Remediation;
using Sotp.Core.Secrets;
using Sotp.Core.Security;
using Sotp.Core.Status;

namespace Sotp.Tests.Support;

/// <summary>
/// A bUnit context with MudBlazor, loose JS interop and a real SQLite database in a temp folder
/// (services that need data get the real thing, not a mock).
/// </summary>
public abstract class SotpComponentContext : BunitContext
{
    private readonly TempDirectory _folder = new("sotp-bunit");
    private AuditTrail? _audit;
    private NetworkOverview? _overview;

    protected SotpComponentContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Contexts = new SotpDbContextFactory(DatabaseProvider.Sqlite, $"Data Source={_folder.File("ui.db")};Pooling=false", 30);
        using (var db = Contexts.CreateDbContext())
        {
            db.Database.Migrate();
        }

        Services.AddSingleton<IDbContextFactory<SotpDbContext>>(Contexts);
        // Not started: a test publishes the database's state itself.
        Database = new DatabaseAvailability(Contexts, TimeProvider.System, NullLogger<DatabaseAvailability>.Instance);
        Database.Feed.BatchWindow = TimeSpan.Zero;
        Services.AddSingleton(Database);
    }

    /// <summary>The timeline's events (<see cref="AddInventory"/> registers it): a test records into it.</summary>
    protected EventLog Events { get; } = EventLogs.Create();

    /// <summary>What pages are told about the database (the layout's banner).</summary>
    protected DatabaseAvailability Database { get; }

    /// <summary>
    /// Registers the real inventory services on the test database: the reachability tracker (live feed without a
    /// batch window), the catalog (addresses checked against <see cref="FakeHostResolver"/>) and CSV.
    /// </summary>
    protected (ReachabilityTracker Tracker, DeviceCatalog Catalog) AddInventory()
    {
        Gate = new GatedContextFactory(Contexts);
        var tracker = new ReachabilityTracker(new StaticOptionsMonitor<ReachabilityOptions>(new ReachabilityOptions()),
            TimeProvider.System, NullLogger<ReachabilityTracker>.Instance);
        tracker.Feed.BatchWindow = TimeSpan.Zero;
        tracker.Changes.BatchWindow = TimeSpan.Zero;
        var catalog = new DeviceCatalog(Gate, new DeviceAddressVerifier(new FakeHostResolver()), tracker, Audit, TimeProvider.System);
        catalog.Feed.BatchWindow = TimeSpan.Zero;
        Services.AddSingleton(tracker);
        Services.AddSingleton(catalog);
        Services.AddSingleton(new DeviceCsv(catalog, Contexts, Audit, TimeProvider.System));
        Events.Stream.BatchWindow = TimeSpan.Zero;
        Services.AddSingleton(Events);
        Services.AddSingleton(EventLogs.Catalogue);
        Services.AddSingleton(new EventSearch(Gate));
        Services.AddSingleton(Audit);
        // Alerts and remediation panels on the device page: their stores on the same database, nothing in them.
        var board = new AlertBoard(TimeProvider.System);
        board.Feed.BatchWindow = TimeSpan.Zero;
        Services.AddSingleton(board);
        var vault = new CredentialVault(new EphemeralDataProtectionProvider(), new LocalSecretStore(Options.Create(new SecretOptions())));
        Services.AddSingleton(new AlertStore(Gate, Audit, vault, board, TimeProvider.System));
        Services.AddSingleton(new RemediationStore(Gate, Audit, TimeProvider.System));
        AddConfigHistory(vault);
        Services.AddHttpContextAccessor();
        Services.AddScoped<UserAccess>();
        return (tracker, catalog);
    }

    /// <summary>
    /// The configuration panel's services, built by DI as the app builds them: the history on the test database, a
    /// repository in the temp folder, and the backup queue, which is not started (a backup asked for stays queued).
    /// </summary>
    private void AddConfigHistory(CredentialVault vault)
    {
        var board = new ConfigBoard(TimeProvider.System);
        (board.Pending.BatchWindow, board.Recorded.BatchWindow) = (TimeSpan.Zero, TimeSpan.Zero);
        Services.AddSingleton(board);
        Services.AddLogging();
        Services.AddMetrics();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(vault);
        Services.AddSingleton(ConfigRules.Load());
        Services.AddSingleton(new ConfigRepository(_folder.File("configs")));
        Services.AddSingleton(new ConfigKeys(Contexts, new EphemeralDataProtectionProvider()));
        Services.AddSingleton<ConfigHistory>();
        Services.AddSingleton<Sotp.Core.Secrets.ISecretStore>(new Sotp.Core.Secrets.LocalSecretStore(Options.Create(new Sotp.Core.Secrets.SecretOptions())));
        Services.AddSingleton<ConfigRemote>();
        Services.AddSingleton(Options.Create(new ConfigOptions()));
        Services.AddSingleton<IOptionsMonitor<ConfigOptions>>(new StaticOptionsMonitor<ConfigOptions>(new ConfigOptions()));
        Services.AddSingleton<IOptionsMonitor<SshOptions>>(new StaticOptionsMonitor<SshOptions>(new SshOptions()));
        Services.AddSingleton<IHostResolver, FakeHostResolver>();
        Services.AddSingleton(sp => new SshSettingsStore(Contexts, vault, Audit, TimeProvider.System));
        Services.AddSingleton<SshConnector>();
        Services.AddSingleton<ConfigBackup>();
        Services.AddSingleton<ConfigBackupQueue>();
        Services.AddSingleton(ConfigNormalizer.Load());
        Services.AddSingleton<GoldenConfig>();
        Services.AddSingleton(new ComplianceBoard(TimeProvider.System) { Feed = { BatchWindow = TimeSpan.Zero } });
        Services.AddSingleton<ComplianceService>();
    }

    /// <summary>
    /// The dashboard's services on top of <see cref="AddInventory"/>: the vitals tracker and the network overview,
    /// started and publishing every change at once.
    /// </summary>
    protected (ReachabilityTracker Tracker, DeviceCatalog Catalog, VitalsTracker Vitals, NetworkOverview Overview) AddOverview()
    {
        var (tracker, catalog) = AddInventory();
        var vitals = new VitalsTracker(TimeProvider.System);
        vitals.Feed.BatchWindow = TimeSpan.Zero;
        var overview = new NetworkOverview(catalog, tracker, vitals, new StatusHistory(Contexts), TimeProvider.System,
            NullLogger<NetworkOverview>.Instance) { PublishInterval = TimeSpan.Zero };
        overview.Feed.BatchWindow = TimeSpan.Zero;
        overview.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _overview = overview;
        Services.AddSingleton(vitals);
        Services.AddSingleton(overview);
        Services.AddSingleton(new IcmpPinger());
        Services.AddSingleton(new NodeIdentity(NodeRoles.Console));
        Services.AddSingleton(TimeProvider.System);
        return (tracker, catalog, vitals, overview);
    }

    /// <summary>The real role mapping (seeded with the defaults) and the per-user circuit count, for the layout.</summary>
    protected PermissionMap AddSecurity()
    {
        var map = new PermissionMap(Contexts, Audit, TimeProvider.System);
        map.SeedAsync(CancellationToken.None).GetAwaiter().GetResult();
        Services.AddSingleton(map);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new SecurityOptions()));
        Services.AddSingleton<CircuitCounts>();
        Services.AddScoped<UserCircuits>();
        return map;
    }

    /// <summary>
    /// Signs "alice" in with these permissions, then renders as in a live circuit (<see cref="RenderAsInteractiveServer"/>);
    /// the result changes her permissions later.
    /// </summary>
    protected Bunit.TestDoubles.BunitAuthorizationContext SignInLive(params string[] permissions)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetPolicies(permissions);
        RenderAsInteractiveServer();
        return auth;
    }

    /// <summary>Call once the services are in place: components then render as in a live circuit.</summary>
    protected void RenderAsInteractiveServer() =>
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

    protected SotpDbContextFactory Contexts { get; }

    /// <summary>The catalog's way to the database: open, until a test closes it to hold a page in its first load.</summary>
    protected GatedContextFactory Gate { get; private set; } = null!;

    /// <summary>The real audit trail on the test database.</summary>
    protected AuditTrail Audit => _audit ??= new AuditTrail(Contexts, TimeProvider.System, NullLogger<AuditTrail>.Instance);

    /// <summary>Who test set-up code acts as.</summary>
    protected static AuditActor TestActor { get; } = new("test-setup", [], "test");

    // xunit disposes asynchronously, bUnit's synchronous Dispose(bool) is not called then: clean up in both.
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _overview?.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            _overview?.Dispose();
            _overview = null;
            _audit?.Dispose();
            _folder.Dispose();
        }
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        if (_overview is not null)
        {
            await _overview.StopAsync(CancellationToken.None);
            _overview.Dispose();
            _overview = null;
        }

        _audit?.Dispose();
        _folder.Dispose();
    }
}
