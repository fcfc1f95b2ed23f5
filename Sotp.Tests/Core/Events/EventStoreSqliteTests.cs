using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Events;

/// <summary>The event store on SQLite, the default engine (<see cref="EventStoreCheck"/>).</summary>
public sealed class EventStoreSqliteTests
{
    [Fact]
    public async Task Thousands_of_events_round_trip_filter_page_and_prune()
    {
        using var database = await SqliteTestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        await EventStoreCheck.RunAsync(database.Contexts, TestContext.Current.CancellationToken);
    }
}
