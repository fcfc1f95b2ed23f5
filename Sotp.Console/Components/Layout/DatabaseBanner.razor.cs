using Microsoft.AspNetCore.Components;
using Sotp.Console.Components.Controls;
using Sotp.Core.Persistence;

namespace Sotp.Console.Components.Layout;

/// <summary>Tells people, on every page and while it lasts, that the database is away and what still works.</summary>
public partial class DatabaseBanner
{
    private DatabaseState? _state;

    [Inject]
    public required DatabaseAvailability Database { get; init; }

    private static bool Dropping(DatabaseState state) => state.Waiting.Any(w => w.Dropped > 0);

    private static string Share(WaitingWrites waiting)
    {
        var percent = 100.0 * waiting.Count / waiting.Capacity;
        return percent is > 0 and < 0.1
            ? "under 0.1%"
            : percent.ToString(percent < 1 ? "0.0" : "0", System.Globalization.CultureInfo.InvariantCulture) + "%";
    }

    protected override Task OnInitializedAsync() =>
        FollowAsync(() => Database.Feed.Subscribe(DatabaseAvailability.Key),
            snapshot => _state = snapshot.Count > 0 ? snapshot[0] : null,
            batch => _state = batch[^1].Item);
}
