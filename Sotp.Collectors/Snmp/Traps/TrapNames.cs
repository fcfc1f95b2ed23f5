using Sotp.Collectors.Snmp.Pdu;

namespace Sotp.Collectors.Snmp.Traps;

/// <summary>
/// The names of the notifications and variables SOTP knows (SNMPv2-MIB, IF-MIB, BGP4-MIB, ENTITY-MIB,
/// OSPF-MIB, VRRP-MIB, Cisco's config and environment MIBs): a trap's name is the catalogue's code, a variable's
/// name is its field (with the row's index after a dot when it is a table column: <c>ifName.3</c> reads as
/// <c>ifName</c>). Unknown ones keep their dotted OID.
/// </summary>
public static class TrapNames
{
    private static readonly Dictionary<ObjectIdentifier, string> Notifications = new()
    {
        [ObjectIdentifier.Parse("1.3.6.1.6.3.1.1.5.1")] = "coldStart",
        [ObjectIdentifier.Parse("1.3.6.1.6.3.1.1.5.2")] = "warmStart",
        [ObjectIdentifier.Parse("1.3.6.1.6.3.1.1.5.3")] = "linkDown",
        [ObjectIdentifier.Parse("1.3.6.1.6.3.1.1.5.4")] = "linkUp",
        [ObjectIdentifier.Parse("1.3.6.1.6.3.1.1.5.5")] = "authenticationFailure",
        [ObjectIdentifier.Parse("1.3.6.1.2.1.15.0.1")] = "bgpEstablishedNotification",
        [ObjectIdentifier.Parse("1.3.6.1.2.1.15.0.2")] = "bgpBackwardTransNotification",
        [ObjectIdentifier.Parse("1.3.6.1.2.1.47.2.0.1")] = "entConfigChange",
        [ObjectIdentifier.Parse("1.3.6.1.2.1.14.16.2.2")] = "ospfNbrStateChange",
        [ObjectIdentifier.Parse("1.3.6.1.2.1.68.0.1")] = "vrrpTrapNewMaster",
        [ObjectIdentifier.Parse("1.3.6.1.4.1.9.9.43.2.0.1")] = "ciscoConfigManEvent",
        [ObjectIdentifier.Parse("1.3.6.1.4.1.9.9.13.3.0.3")] = "ciscoEnvMonTemperatureNotification",
        [ObjectIdentifier.Parse("1.3.6.1.4.1.9.9.13.3.0.4")] = "ciscoEnvMonFanNotification",
        [ObjectIdentifier.Parse("1.3.6.1.4.1.9.9.13.3.0.5")] = "ciscoEnvMonRedundantSupplyNotification",
    };

    private static readonly (ObjectIdentifier Prefix, string Name)[] Variables =
    [
        (ObjectIdentifier.Parse("1.3.6.1.2.1.1.3"), "sysUpTime"),
        (ObjectIdentifier.Parse("1.3.6.1.2.1.1.5"), "sysName"),
        (ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1.1"), "ifIndex"),
        (ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1.2"), "ifDescr"),
        (ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1.7"), "ifAdminStatus"),
        (ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1.8"), "ifOperStatus"),
        (ObjectIdentifier.Parse("1.3.6.1.2.1.31.1.1.1.1"), "ifName"),
        (ObjectIdentifier.Parse("1.3.6.1.2.1.31.1.1.1.18"), "ifAlias"),
        (ObjectIdentifier.Parse("1.3.6.1.2.1.15.3.1.2"), "bgpPeerState"),
        (ObjectIdentifier.Parse("1.3.6.1.2.1.15.3.1.7"), "bgpPeerRemoteAddr"),
        (ObjectIdentifier.Parse("1.3.6.1.2.1.15.3.1.14"), "bgpPeerLastError"),
        (ObjectIdentifier.Parse("1.3.6.1.2.1.14.10.1.1"), "ospfNbrIpAddr"),
        (ObjectIdentifier.Parse("1.3.6.1.2.1.14.10.1.6"), "ospfNbrState"),
        (ObjectIdentifier.Parse("1.3.6.1.2.1.68.1.3.1.7"), "vrrpOperMasterIpAddr"),
        (ObjectIdentifier.Parse("1.3.6.1.4.1.9.9.43.1.1.6.1.3"), "ccmHistoryEventCommandSource"),
        (ObjectIdentifier.Parse("1.3.6.1.4.1.9.9.13.1.3.1.2"), "ciscoEnvMonTemperatureStatusDescr"),
        (ObjectIdentifier.Parse("1.3.6.1.4.1.9.9.13.1.4.1.2"), "ciscoEnvMonFanStatusDescr"),
        (ObjectIdentifier.Parse("1.3.6.1.4.1.9.9.13.1.5.1.2"), "ciscoEnvMonSupplyStatusDescr"),
    ];

    /// <summary>The notification's name, or its dotted OID.</summary>
    public static string Of(ObjectIdentifier trapOid) => Notifications.TryGetValue(trapOid, out var name) ? name : trapOid.ToString();

    /// <summary>A variable's name without its index, or its dotted OID.</summary>
    public static string VariableOf(ObjectIdentifier oid) =>
        Variables.FirstOrDefault(v => oid.StartsWith(v.Prefix)).Name ?? oid.ToString();
}
