namespace Sotp.Tests.Support;

/// <summary>
/// Tests that read SOTP's metrics run alone: .NET's meter listeners are process-wide, so an app under test would
/// also see the instruments of every other app the test run has alive (SOTP's meter has one name), and one of
/// those being disposed takes its metric streams with it. In production a process hosts one app.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;
