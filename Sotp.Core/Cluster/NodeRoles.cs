using Microsoft.Extensions.Configuration;

namespace Sotp.Core.Cluster;

/// <summary>What one SOTP process does (<c>Sotp:Roles</c>): serve people, collect from devices, or both.</summary>
[Flags]
public enum NodeRoles
{
    None = 0,

    /// <summary>Pages, the API and sign-in.</summary>
    Console = 1,

    /// <summary>Pings, SNMP polls and the scheduled jobs that drive them.</summary>
    Collectors = 2,
}

/// <summary>Reads <c>Sotp:Roles</c>: a list (<c>["Console"]</c>) or a comma-separated value; both roles when unset.</summary>
public static class NodeRoleConfiguration
{
    public const string Key = "Sotp:Roles";

    public static NodeRoles Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Key);
        var names = section.Value is { } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value ?? "").ToArray();
        if (names.Length == 0)
        {
            return NodeRoles.Console | NodeRoles.Collectors;
        }

        var roles = NodeRoles.None;
        foreach (var name in names)
        {
            if (!Enum.TryParse<NodeRoles>(name, ignoreCase: true, out var role) || role == NodeRoles.None || name.Any(char.IsDigit))
            {
                throw new InvalidOperationException($"{Key}: \"{name}\" is not a role. Use Console, Collectors or both.");
            }

            roles |= role;
        }

        return roles;
    }
}
