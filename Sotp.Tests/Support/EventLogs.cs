using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sotp.Core.Events;

namespace Sotp.Tests.Support;

/// <summary>An event log for one test, with the repository's catalogue and no other process.</summary>
public static class EventLogs
{
    public static EventCatalogue Catalogue { get; } = EventCatalogue.Load();

    public static EventLog Create() => new(TimeProvider.System, Options.Create(new EventOptions()), Catalogue, NullLogger<EventLog>.Instance);
}
