namespace Sotp.Core.Remediation;

public enum RemediationState
{
    /// <summary>Waiting for an Engineer's approval.</summary>
    AwaitingApproval,

    /// <summary>Acting or checking after acting.</summary>
    Running,

    /// <summary>Recorded what it would do; did nothing.</summary>
    DryRun,

    /// <summary>Acted and the port came up and stayed up.</summary>
    Done,

    Failed,

    /// <summary>A guardrail said no (the reason says which).</summary>
    Skipped,
}

/// <summary>One step of an attempt, for the timeline: detected, decided, acted, verified...</summary>
public sealed record RemediationStep(DateTimeOffset At, string Step, string Detail);

/// <summary>
/// One playbook's response to one alert: detected, decided (acted, skipped with the guardrail's reason, dry-run,
/// awaiting approval), acted, verified, with times and every step. Immutable values: a change is a new value.
/// </summary>
public sealed record RemediationAttempt
{
    public long Id { get; init; }

    public int PlaybookId { get; init; }

    public required string Playbook { get; init; }

    public int DeviceId { get; init; }

    /// <summary>The interface's name.</summary>
    public required string Target { get; init; }

    public int IfIndex { get; init; }

    public long? AlertId { get; init; }

    public RemediationState State { get; init; }

    public string? Reason { get; init; }

    public DateTimeOffset DetectedAt { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    public DateTimeOffset? ActedAt { get; init; }

    public DateTimeOffset? VerifiedAt { get; init; }

    public string? ApprovedBy { get; init; }

    public IReadOnlyList<RemediationStep> Steps { get; init; } = [];

    public bool IsFinished => State is RemediationState.DryRun or RemediationState.Done or RemediationState.Failed or RemediationState.Skipped;

    public RemediationAttempt With(DateTimeOffset at, string step, string detail) => this with { Steps = [.. Steps, new RemediationStep(at, step, detail)] };

    public static string StateName(RemediationState state) => state switch
    {
        RemediationState.AwaitingApproval => "awaiting-approval",
        RemediationState.DryRun => "dry-run",
        _ => state.ToString().ToLowerInvariant(),
    };
}
