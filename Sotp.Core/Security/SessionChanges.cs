using System.Collections.Concurrent;

namespace Sotp.Core.Security;

/// <summary>
/// Tells this server at once that a user's account changed (disabled, roles, password, sessions ended), so that
/// cached "still valid" answers about them are dropped here immediately; other replicas re-check within
/// <see cref="SecurityOptions.RevalidationSeconds"/>.
/// </summary>
public sealed class SessionChanges
{
    private readonly ConcurrentDictionary<string, long> _generations = new();

    public long GenerationOf(string userId) => _generations.GetValueOrDefault(userId);

    /// <summary>Raised with the user's id after each change, for what must act at once (open console sessions).</summary>
    public event Action<string>? UserChanged;

    public void Changed(string userId)
    {
        _generations.AddOrUpdate(userId, 1, (_, n) => n + 1);
        UserChanged?.Invoke(userId);
    }
}
