using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using Sotp.Core.Security;

namespace Sotp.Console.Identity;

/// <summary>How many live circuits (open console pages) each user has, across this server.</summary>
public sealed class CircuitCounts
{
    private readonly ConcurrentDictionary<string, int> _open = new();

    public int Open(string userId) => _open.AddOrUpdate(userId, 1, (_, n) => n + 1);

    public void Close(string userId) => _open.AddOrUpdate(userId, 0, (_, n) => Math.Max(0, n - 1));

    /// <summary>Signed-in circuits open in this process.</summary>
    public int Total => _open.Values.Sum();
}

/// <summary>
/// Counts this circuit against its user's limit (<see cref="SecurityOptions.MaxCircuitsPerUser"/>). A circuit over
/// the limit renders only a plain message, so a runaway script or a forgotten wall of tabs cannot tie up the
/// server's memory and live feeds on one account.
/// </summary>
public sealed class UserCircuits(CircuitCounts counts, AuthenticationStateProvider authentication, IOptions<SecurityOptions> security) : CircuitHandler
{
    private string? _userId;

    public bool OverLimit { get; private set; }

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _userId = (await authentication.GetAuthenticationStateAsync()).User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (_userId is not null)
        {
            OverLimit = counts.Open(_userId) > security.Value.MaxCircuitsPerUser;
        }
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_userId is not null)
        {
            counts.Close(_userId);
        }

        return Task.CompletedTask;
    }
}
