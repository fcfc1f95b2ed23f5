namespace Sotp.Core.Cluster;

/// <summary>
/// This process among its peers: its roles, and an id made of the host name (the pod's name in Kubernetes)
/// and a per-start suffix.
/// </summary>
public sealed class NodeIdentity(NodeRoles roles)
{
    public string Id { get; } = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";

    public NodeRoles Roles { get; } = roles;

    public bool Collects => Roles.HasFlag(NodeRoles.Collectors);
}
