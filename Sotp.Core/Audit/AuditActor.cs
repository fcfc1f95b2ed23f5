namespace Sotp.Core.Audit;

/// <summary>Who did something, through what, and from where.</summary>
public sealed record AuditActor(string Name, IReadOnlyList<string> Roles, string Source, string? ClientIp = null)
{
    public const string SystemName = "system";

    /// <summary>A job or automatic action: no person behind it.</summary>
    public static AuditActor System(string job) => new(SystemName, [], $"job: {job}");
}
