using System.Diagnostics;
using MudBlazor;
using Sotp.Core.Observability;

namespace Sotp.Console.Components.Controls;

/// <summary>What a person is told went wrong, and the trace it happened in (none for a notice that is no failure).</summary>
public sealed record ShownFailure(string Message, string? TraceId);

/// <summary>An action that failed, told in plain words with the trace it happened in ("…, trace 4bf9…").</summary>
public static class Failures
{
    /// <summary>
    /// The failure of the action under way (<see cref="Identity.UserAccess.StartAction"/>): its span is marked failed
    /// and its trace goes with the message.
    /// </summary>
    public static ShownFailure Of(string message)
    {
        Activity.Current.Fail(message);
        return new ShownFailure(message, Activity.Current?.TraceId.ToHexString());
    }

    /// <summary>Shows <paramref name="message"/> as an error with the current action's trace, which is marked failed.</summary>
    public static void AddFailure(this ISnackbar snackbar, string message)
    {
        var failure = Of(message);
        snackbar.Add(builder =>
        {
            builder.AddContent(0, $"{failure.Message} ");
            builder.OpenComponent<TraceRef>(1);
            builder.AddComponentParameter(2, nameof(TraceRef.TraceId), failure.TraceId);
            builder.CloseComponent();
        }, Severity.Error);
    }
}
