using Microsoft.EntityFrameworkCore;
using Sotp.Core.Audit;
using Sotp.Core.Cluster;
using Sotp.Core.Live;
using Sotp.Core.Persistence;
using Sotp.Core.Status;

namespace Sotp.Core.Devices;

/// <summary>The outcome of a create or update: the saved device, or the problems per field.</summary>
public sealed record DeviceSaveResult(Device? Device, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Device is not null;

    public static DeviceSaveResult Failed(string field, string message) => new(null, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// The inventory: lists, reads, creates, changes and archives devices. Every write is checked in full
/// (<see cref="DeviceRules"/>, unique name, usable address) before anything is saved, and published on
/// <see cref="Feed"/> once saved, here and in the other processes.
/// </summary>
public sealed class DeviceCatalog(
    IDbContextFactory<SotpDbContext> contexts,
    IDeviceAddressVerifier addresses,
    ReachabilityTracker reachability,
    AuditTrail audit,
    TimeProvider time,
    ClusterOutbox? outbox = null)
{
    private readonly ChangeVersion _version = new(outbox);

    /// <summary>Grows on every change, so the probe scheduler knows to reload the device list.</summary>
    public long Version => _version.Value;

    /// <summary>Every device in service, live: additions and edits are upserts, archives removals.</summary>
    public LiveFeed<int, DeviceSummary> Feed { get; } = new(time);

    /// <summary>
    /// Brings <see cref="Feed"/> in line with the database (at start, then now and then as a safety net): only
    /// what differs is published, and the schedulers are told when anything did. Returns how many devices changed.
    /// </summary>
    public async Task<int> LoadFeedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var devices = await db.Devices.AsNoTracking().Where(d => d.ArchivedAt == null).ToListAsync(cancellationToken);
        var ids = devices.Select(d => d.Id).ToHashSet();
        var changed = 0;
        foreach (var gone in Feed.Current.Where(d => !ids.Contains(d.Id)))
        {
            Feed.Remove(gone.Id);
            changed++;
        }

        foreach (var summary in devices.Select(DeviceSummary.Of))
        {
            if (!Feed.TryGet(summary.Id, out var known) || !known.SameAs(summary))
            {
                Feed.Publish(summary.Id, summary);
                changed++;
            }
        }

        if (changed > 0)
        {
            MarkChanged(fromPeer: true); // the others read the same database themselves
        }

        return changed;
    }

    /// <summary>Devices another process saved or archived: shown here at once.</summary>
    public void ApplyFromPeer(DeviceSaved saved) => Feed.Publish(saved.Device.Id, saved.Device);

    /// <inheritdoc cref="ApplyFromPeer(DeviceSaved)"/>
    public void ApplyFromPeer(DeviceArchived archived) => Feed.Remove(archived.DeviceId);

    public async Task<DevicePage> ListAsync(DeviceQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var devices = db.Devices.AsNoTracking().Where(d => d.ArchivedAt == null);

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // ToLower().Contains translates to SQL on both engines; StringComparison does not.
            devices = devices.Where(d => d.Name.ToLower().Contains(term) || d.Address.ToLower().Contains(term) ||
                                         (d.Site != null && d.Site.ToLower().Contains(term)) ||
                                         (d.Description != null && d.Description.ToLower().Contains(term)));
#pragma warning restore CA1862
        }

        if (query.Kind is { } kind)
        {
            devices = devices.Where(d => d.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(query.Site))
        {
            var site = query.Site.Trim();
            devices = devices.Where(d => d.Site == site);
        }

        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = query.Tag.Trim().ToLowerInvariant();
            devices = devices.Where(d => d.Tags.Contains(tag));
        }

        devices = query.State switch
        {
            DeviceState.Up or DeviceState.Down => WithIds(devices, reachability.DevicesIn(query.State.Value)),
            DeviceState.Unknown => WithoutIds(devices, reachability.DevicesIn(DeviceState.Up).Concat(reachability.DevicesIn(DeviceState.Down))),
            _ => devices,
        };

        var total = await devices.CountAsync(cancellationToken);
        var size = Math.Clamp(query.PageSize, 1, DeviceQuery.MaxPageSize);
        var items = await Sorted(devices, query.Sort, query.Descending)
            .Skip(Math.Max(query.Page, 0) * size).Take(size).ToListAsync(cancellationToken);
        return new DevicePage(items, total);
    }

    public async Task<Device?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Devices.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && d.ArchivedAt == null, cancellationToken);
    }

    /// <summary>The sites and tags in use, for filter menus.</summary>
    public async Task<(IReadOnlyList<string> Sites, IReadOnlyList<string> Tags)> FacetsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var live = db.Devices.AsNoTracking().Where(d => d.ArchivedAt == null);
        var sites = await live.Where(d => d.Site != null).Select(d => d.Site!).Distinct().OrderBy(s => s).ToListAsync(cancellationToken);
        var tags = (await live.Select(d => d.Tags).ToListAsync(cancellationToken)).SelectMany(t => t).Distinct().Order().ToList();
        return (sites, tags);
    }

    /// <summary>Every device in service that should be probed, as the live inventory holds it (no database read).</summary>
    public IReadOnlyList<DeviceSummary> Monitored() => [.. Feed.Current.Where(d => d.Monitored)];

    public async Task<DeviceSaveResult> CreateAsync(DeviceInput input, AuditActor actor, CancellationToken cancellationToken, bool isDemo = false)
    {
        var (device, errors) = await CheckAsync(input, existingId: null, cancellationToken);
        if (device is null)
        {
            return new DeviceSaveResult(null, errors);
        }

        device.IsDemo = isDemo;
        device.CreatedAt = device.UpdatedAt = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Devices.Add(device);
        return await SaveAsync(db, device, actor, "device.create", null, cancellationToken);
    }

    public async Task<DeviceSaveResult?> UpdateAsync(int id, DeviceInput input, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var device = await db.Devices.SingleOrDefaultAsync(d => d.Id == id && d.ArchivedAt == null, cancellationToken);
        if (device is null)
        {
            return null;
        }

        var (changed, errors) = await CheckAsync(input, id, cancellationToken);
        if (changed is null)
        {
            return new DeviceSaveResult(null, errors);
        }

        var before = DeviceAudit.Of(device);
        device.Name = changed.Name;
        device.Address = changed.Address;
        device.Kind = changed.Kind;
        device.Platform = changed.Platform;
        device.Site = changed.Site;
        device.Tags = changed.Tags;
        device.Description = changed.Description;
        device.PingIntervalSeconds = changed.PingIntervalSeconds;
        device.SloPercent = changed.SloPercent;
        device.ConfigBackupHours = changed.ConfigBackupHours;
        device.UpdatedAt = time.GetUtcNow();
        if (device.Monitored && !changed.Monitored && reachability.StatusOf(id).State is var last and not DeviceState.Unknown)
        {
            // Monitoring off is a state of its own for the reports: from now on nobody watches (saved with the edit).
            db.StatusEvents.Add(new StatusEvent { DeviceId = id, State = DeviceState.Unknown, PreviousState = last, At = device.UpdatedAt });
        }

        device.Monitored = changed.Monitored;
        return await SaveAsync(db, device, actor, "device.update", before, cancellationToken);
    }

    /// <summary>Takes a device out of service; its status history stays for the reports.</summary>
    public async Task<bool> ArchiveAsync(int id, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var device = await db.Devices.SingleOrDefaultAsync(d => d.Id == id && d.ArchivedAt == null, cancellationToken);
        if (device is null)
        {
            return false;
        }

        device.ArchivedAt = device.UpdatedAt = time.GetUtcNow();
        await audit.SaveAsync(db, new AuditRecord(actor, "device.archive", "device", IdOf(device), device.Name, DeviceAudit.Of(device)), cancellationToken);
        reachability.Forget(id);
        Feed.Remove(id);
        outbox?.Post(new DeviceArchived(id));
        MarkChanged();
        return true;
    }

    /// <summary>All field rules, then a unique name among devices in service, then a usable address.</summary>
    internal async Task<(Device? Device, IReadOnlyDictionary<string, string[]> Errors)> CheckAsync(
        DeviceInput input, int? existingId, CancellationToken cancellationToken)
    {
        var (device, errors) = DeviceRules.Check(input);
        if (device is null)
        {
            return (null, errors);
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Devices.AnyAsync(d => d.Name == device.Name && d.ArchivedAt == null && d.Id != existingId, cancellationToken))
            {
                errors["name"] = [$"A device named \"{device.Name}\" already exists."];
            }
        }

        if (await addresses.VerifyAsync(device.Address, cancellationToken) is { } problem)
        {
            errors["address"] = [problem];
        }

        return errors.Count == 0 ? (device, errors) : (null, errors);
    }

    private async Task<DeviceSaveResult> SaveAsync(
        SotpDbContext db, Device device, AuditActor actor, string action, DeviceAudit? before, CancellationToken cancellationToken)
    {
        try
        {
            await audit.SaveAsync(db, () => new AuditRecord(actor, action, "device", AuditTrail.KeyOf(db, device), device.Name, before, DeviceAudit.Of(device)),
                cancellationToken);
        }
        catch (DbUpdateException ex) when (IsDuplicateName(ex))
        {
            // Two people saving the same name at once: the unique index decides.
            return DeviceSaveResult.Failed("name", $"A device named \"{device.Name}\" already exists.");
        }

        Published([device]);
        return new DeviceSaveResult(device, new Dictionary<string, string[]>());
    }

    /// <summary>Tells live views and the schedulers, here and in the other processes, that these devices were saved.</summary>
    internal void Published(IEnumerable<Device> saved)
    {
        foreach (var device in saved)
        {
            var summary = DeviceSummary.Of(device);
            Feed.Publish(device.Id, summary);
            outbox?.Post(new DeviceSaved(summary));
        }

        MarkChanged();
    }

    internal static bool IsDuplicateName(DbUpdateException ex) => ex.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.Message.Contains("Devices.Name", StringComparison.Ordinal),
        Npgsql.PostgresException postgres => postgres.ConstraintName == "IX_Devices_Name",
        _ => false,
    };

    internal static string IdOf(Device device) => device.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal void MarkChanged(bool fromPeer = false) => _version.Bump(fromPeer);

    // Thousands of ids travel as one array parameter (json_each / = ANY), not as thousands of parameters.
    private static IQueryable<Device> WithIds(IQueryable<Device> devices, IEnumerable<int> ids)
    {
        var list = ids.ToArray();
        return devices.Where(d => EF.Parameter(list).Contains(d.Id));
    }

    private static IQueryable<Device> WithoutIds(IQueryable<Device> devices, IEnumerable<int> ids)
    {
        var list = ids.ToArray();
        return devices.Where(d => !EF.Parameter(list).Contains(d.Id));
    }

    private static IQueryable<Device> Sorted(IQueryable<Device> devices, DeviceSort sort, bool descending) => (sort, descending) switch
    {
        (DeviceSort.Address, false) => devices.OrderBy(d => d.Address).ThenBy(d => d.Name),
        (DeviceSort.Address, true) => devices.OrderByDescending(d => d.Address).ThenBy(d => d.Name),
        (DeviceSort.Kind, false) => devices.OrderBy(d => d.Kind).ThenBy(d => d.Name),
        (DeviceSort.Kind, true) => devices.OrderByDescending(d => d.Kind).ThenBy(d => d.Name),
        (DeviceSort.Platform, false) => devices.OrderBy(d => d.Platform).ThenBy(d => d.Name),
        (DeviceSort.Platform, true) => devices.OrderByDescending(d => d.Platform).ThenBy(d => d.Name),
        (DeviceSort.Site, false) => devices.OrderBy(d => d.Site).ThenBy(d => d.Name),
        (DeviceSort.Site, true) => devices.OrderByDescending(d => d.Site).ThenBy(d => d.Name),
        (_, true) => devices.OrderByDescending(d => d.Name),
        _ => devices.OrderBy(d => d.Name),
    };
}
