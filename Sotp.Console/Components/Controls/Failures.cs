using System.Diagnostics;
using MudBlazor;
using Sotp.Core.Observability;

namespace Sotp.Console.Components.Controls;

/// <summary>An action that failed, told in plain words with the trace it happened in ("…, trace 4bf9…").</summary>
public static class Failures
{
    /// <summary>The trace of the action under way (<see cref="Identity.UserAccess.StartAction"/>), marked failed.</summary>
    public static string? FailCurrent(string reason)
    {
        Activity.Current.Fail(reason);
        return Activity.Current?.TraceId.ToHexString();
    }

    /// <summary>Shows <paramref name="message"/> as an error with the current action's trace, which is marked failed.</summary>
    public static void AddFailure(this ISnackbar snackbar, string message)
    {
        var traceId = FailCurrent(message);
        snackbar.Add(builder =>
        {
            builder.AddContent(0, $"{message} ");
            builder.OpenComponent<TraceRef>(1);
            builder.AddComponentParameter(2, nameof(TraceRef.TraceId), traceId);
            builder.CloseComponent();
        }, Severity.Error);
    }
}
