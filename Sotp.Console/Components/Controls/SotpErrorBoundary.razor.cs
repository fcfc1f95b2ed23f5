using Microsoft.AspNetCore.Components;

namespace Sotp.Console.Components.Controls;

/// <summary>Catches a failing page: the person sees a plain message and a way back, the log gets the detail.</summary>
public partial class SotpErrorBoundary
{
    [Inject]
    public required ILogger<SotpErrorBoundary> Logger { get; init; }

    private string? _traceId;

    protected override Task OnErrorAsync(Exception exception)
    {
        _traceId = System.Diagnostics.Activity.Current?.TraceId.ToHexString();
        LogPageFailed(Logger, exception);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "A console page failed")]
    private static partial void LogPageFailed(ILogger logger, Exception exception);
}
