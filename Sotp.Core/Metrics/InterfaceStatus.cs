namespace Sotp.Core.Metrics;

/// <summary>How an interface's state reads to a person, from its IF-MIB admin and oper status.</summary>
public enum InterfaceCondition
{
    /// <summary>Oper status up.</summary>
    Up,

    /// <summary>Shut on purpose (ifAdminStatus down): not a fault.</summary>
    AdminDown,

    /// <summary>Enabled but down, or down because a layer below it is.</summary>
    Down,

    /// <summary>Testing, dormant, not present or unknown: neither up nor a plain fault.</summary>
    Other,
}

/// <summary>
/// The one reading of IF-MIB's ifAdminStatus and ifOperStatus (RFC 2863) that the API and every page use:
/// all seven oper states by their MIB names.
/// </summary>
public static class InterfaceStatus
{
    /// <summary>The IF-MIB name of an ifOperStatus or ifAdminStatus value.</summary>
    public static string Name(int status) => status switch
    {
        1 => "up",
        2 => "down",
        3 => "testing",
        4 => "unknown",
        5 => "dormant",
        6 => "notPresent",
        7 => "lowerLayerDown",
        _ => "unknown",
    };

    public static InterfaceCondition Condition(int adminStatus, int operStatus) => (adminStatus, operStatus) switch
    {
        (2, _) => InterfaceCondition.AdminDown,
        (_, 1) => InterfaceCondition.Up,
        (_, 2 or 7) => InterfaceCondition.Down,
        _ => InterfaceCondition.Other,
    };

    /// <summary>What a status column shows: "admin down" for a shut interface, else the oper state's name.</summary>
    public static string Describe(int adminStatus, int operStatus) =>
        adminStatus == 2 ? "admin down" : Name(operStatus);
}
