using Microsoft.AspNetCore.Identity;
using Sotp.Collectors.RemoteConsole;
using Sotp.Core.Security;

namespace Sotp.Console.RemoteConsole;

/// <summary>
/// Ends a user's console sessions on this server the moment their account is disabled (other servers end
/// theirs when the page's circuit is revalidated; any other account change reaches the page that way too).
/// </summary>
public sealed partial class ConsoleSessionGuard(
    SessionChanges changes, ConsoleSessions sessions, IServiceScopeFactory scopes, ILogger<ConsoleSessionGuard> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        changes.UserChanged += OnUserChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        changes.UserChanged -= OnUserChanged;
        return Task.CompletedTask;
    }

    private void OnUserChanged(string userId) => _ = CheckAsync(userId);

    private async Task CheckAsync(string userId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SotpUser>>();
            if (await users.FindByIdAsync(userId) is not { } user || user.UserName is null)
            {
                return;
            }

            if (user.DisabledAt is not null)
            {
                await sessions.EndForUserAsync(user.UserName, "account disabled");
            }
        }
        catch (Exception ex)
        {
            LogCheckFailed(logger, userId, ex);
        }
    }

    [LoggerMessage(EventId = 6301, Level = LogLevel.Error, Message = "Could not check the console sessions of user {UserId} after an account change")]
    private static partial void LogCheckFailed(ILogger logger, string userId, Exception exception);
}
