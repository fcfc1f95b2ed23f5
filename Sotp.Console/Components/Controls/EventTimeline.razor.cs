using System.Data.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore.Storage;
using MudBlazor;
using Sotp.Core.Devices;
using Sotp.Core.Events;

namespace Sotp.Console.Components.Controls;

/// <summary>
/// A live timeline of events (syslog, traps, state changes), newest first: the newest page read from the database,
/// then what is recorded anywhere in the cluster added on top as it happens (<see cref="EventLog.Stream"/>), older
/// pages on request. With the database away it shows the events kept in memory and says so. A row opens the event
/// with its explanation, fields and raw text.
/// </summary>
public sealed partial class EventTimeline
{
    // Rows shown at most: older ones fall off the bottom of a live page (they are still one click away).
    private const int MaxRows = 1000;

    private List<DeviceEvent>? _rows;
    private HashSet<(long, EventSource, int?, string)> _read = [];
    private string? _historyProblem;
    private bool _more;
    private bool _loadingOlder;
    private long _dropped;
    private IAsyncDisposable? _following;
    private Sotp.Core.Live.LiveSubscription<IReadOnlyList<DeviceEvent>, DeviceEvent>? _subscription;

    [Parameter]
    public EventQuery Filter { get; set; } = new();

    /// <summary>The timeline of one device (no device column).</summary>
    [Parameter]
    public int? DeviceId { get; set; }

    /// <summary>A card: time, severity and title only, no paging.</summary>
    [Parameter]
    public bool Compact { get; set; }

    [Parameter]
    public string EmptyText { get; set; } = "No events yet.";

    [Inject]
    public required EventSearch Search { get; init; }

    [Inject]
    public required EventLog Events { get; init; }

    [Inject]
    public required EventCatalogue Catalogue { get; init; }

    [Inject]
    public required DeviceCatalog Devices { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private EventQuery Query => DeviceId is { } id ? Filter with { DeviceId = id } : Filter;

    private EventQuery? _followed;

    protected override async Task OnParametersSetAsync()
    {
        if (_followed == Query)
        {
            return;
        }

        _followed = Query;
        if (_following is not null)
        {
            await _following.DisposeAsync();
        }

        var query = Query;
        _rows = null;
        _following = await FollowAsync(() => _subscription = Events.Stream.Subscribe(query.Matches),
            async (recent, ct) => await LoadAsync(query, recent, ct),
            batch =>
            {
                Add(batch);
                return Task.CompletedTask;
            });
    }

    private async Task LoadAsync(EventQuery query, IReadOnlyList<DeviceEvent> recent, CancellationToken cancellationToken)
    {
        try
        {
            var rows = await Search.ListAsync(query, cancellationToken);
            _historyProblem = null;
            _more = rows.Count == query.Limit;
            _read = [.. rows.Select(Key)];
            _rows = [.. rows];
        }
        catch (Exception ex) when (ex is DbException or RetryLimitExceededException or TimeoutException)
        {
            // Monitoring does not go blind with the database: the events kept in memory are still worth showing.
            _historyProblem = "The database cannot be reached: showing the events received since this server started, newest first. Older ones come back with the database.";
            _more = false;
            _rows = [.. recent.Reverse().Take(query.Limit)];
        }
    }

    private void Add(IReadOnlyList<DeviceEvent> batch)
    {
        _dropped = _subscription?.Dropped ?? 0;
        if (_rows is null)
        {
            return;
        }

        // An event saved between subscribing and the first read is in both: shown once.
        var fresh = batch.Where(e => !_read.Contains(Key(e))).Reverse().ToList();
        _rows.InsertRange(0, Compact ? fresh.Take(Query.Limit) : fresh);
        var limit = Compact ? Query.Limit : MaxRows;
        if (_rows.Count > limit)
        {
            _rows.RemoveRange(limit, _rows.Count - limit);
            _more = !Compact;
        }
    }

    private async Task LoadOlderAsync()
    {
        // Events shown live have no database key yet; the oldest one read from the database is where to go on.
        var oldest = _rows?.Where(r => r.Id > 0).Select(r => r.Id).DefaultIfEmpty(0).Min() ?? 0;
        if (_rows is not { } rows || oldest == 0)
        {
            return;
        }

        _loadingOlder = true;
        try
        {
            var older = await Search.ListAsync(Query with { BeforeId = oldest }, Stopping);
            rows.AddRange(older);
            _more = older.Count == Query.Limit;
        }
        finally
        {
            _loadingOlder = false;
        }
    }

    private static (long, EventSource, int?, string) Key(DeviceEvent e) => (e.At.UtcTicks, e.Source, e.DeviceId, e.Text);

    private string NameOf(int deviceId) => Devices.Feed.TryGet(deviceId, out var device) ? device.Name : $"device {deviceId}";

    private async Task OpenAsync(DeviceEvent e) =>
        await Dialogs.ShowAsync<EventDialog>(Catalogue.Explain(e).Title,
            new DialogParameters<EventDialog> { { d => d.Event, e }, { d => d.DeviceName, e.DeviceId is { } id ? NameOf(id) : null } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });

    private Task OpenOnEnterAsync(KeyboardEventArgs key, DeviceEvent e) => key.Key is "Enter" or " " ? OpenAsync(e) : Task.CompletedTask;
}
