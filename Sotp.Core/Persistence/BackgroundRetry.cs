using Polly;
using Polly.Retry;

namespace Sotp.Core.Persistence;

/// <summary>
/// How background writers wait out a database (or bus) that is away: they keep what they hold and try again,
/// for as long as it takes, with exponential back-off and jitter from <c>first</c> up to <c>longest</c>
/// between attempts. Cancellation (shutdown) ends the waiting at once.
/// </summary>
public static class BackgroundRetry
{
    public static ResiliencePipeline Forever(TimeProvider time, TimeSpan first, TimeSpan longest, Action<Exception> onFailure) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = first,
                MaxDelay = longest,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
                OnRetry = arguments =>
                {
                    onFailure(arguments.Outcome.Exception!);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
}
