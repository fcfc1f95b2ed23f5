using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sotp.Core.Devices;
using Sotp.Core.Persistence;
using Sotp.Core.Security;
using Sotp.Core.Status;

namespace Sotp.Console.Hosting;

/// <summary>
/// Before the host starts (so before Data Protection reads its keys from the database): creates or migrates
/// the database, seeds the roles and the first administrator, or prints the one-time setup link when there
/// is no administrator yet.
/// </summary>
public sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopes,
    IDbContextFactory<SotpDbContext> contexts,
    SetupTokenService setupTokens,
    DemoDevices demoDevices,
    DeviceCatalog catalog,
    IOptions<DemoOptions> demo,
    StatusHistory statusHistory,
    ReachabilityTracker reachability,
    PermissionMap permissions,
    IHostApplicationLifetime lifetime,
    IServer server,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // Replicas starting together (a helm install starts four) migrate and seed one after another.
        await using (await StartupLock.TakeAsync(contexts, cancellationToken))
        {
            if (await MigrateAndSeedAsync(cancellationToken) != BootstrapOutcome.AwaitingSetup)
            {
                return;
            }
        }

        var token = await setupTokens.IssueAsync(cancellationToken);
        // The address is known only once Kestrel listens.
        lifetime.ApplicationStarted.Register(() => LogSetupLink(logger, $"{BaseAddress()}/setup?token={token}"));
    }

    private async Task<BootstrapOutcome> MigrateAndSeedAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            await db.Database.MigrateAsync(cancellationToken);
            if (db.Database.IsSqlite())
            {
                // Readers never wait for the writer; the setting sticks to the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            LogMigrated(logger, db.Database.ProviderName ?? "?", pending);
        }

        await permissions.SeedAsync(cancellationToken);
        if (demo.Value.Enabled)
        {
            await demoDevices.SeedOnceAsync(cancellationToken);
        }

        await catalog.LoadFeedAsync(cancellationToken);
        await statusHistory.RestoreAsync(reachability, cancellationToken);

        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AdministratorBootstrap>().RunAsync(cancellationToken);
    }

    private string BaseAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "";
        return address.Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .TrimEnd('/');
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Database ready ({Provider}); {Pending} migration(s) applied")]
    private static partial void LogMigrated(ILogger logger, string provider, int pending);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning,
        Message = "SOTP has no administrator yet. Open this one-time setup link to create one: {SetupLink}")]
    private static partial void LogSetupLink(ILogger logger, string setupLink);
}
