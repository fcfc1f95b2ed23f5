using Microsoft.Extensions.Options;

namespace Sotp.Tests.Support;

/// <summary>Options that never change, for services built by hand in tests.</summary>
public sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
