namespace Sotp.Core.Audit;

/// <summary>What happened, to what: the part of an <see cref="AuditEntry"/> a caller supplies.</summary>
public sealed record AuditRecord(
    AuditActor Actor,
    string Action,
    string? TargetType = null,
    string? TargetId = null,
    string? TargetName = null,
    object? Before = null,
    object? After = null,
    string Result = AuditResults.Success);

public static class AuditResults
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Denied = "denied";

    public static string Failed(string detail) => $"{Failure}: {detail}";
}
