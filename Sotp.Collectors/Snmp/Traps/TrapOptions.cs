using System.ComponentModel.DataAnnotations;

namespace Sotp.Collectors.Snmp.Traps;

/// <summary>The SNMP trap receiver (<c>Sotp:Traps</c>): traps are accepted with the credentials of the devices' SNMP settings.</summary>
public sealed class TrapOptions
{
    public const string SectionName = "Sotp:Traps";

    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>UDP port; 162 needs privileges (the chart maps 162 to this one). Empty: off; 0: any free port.</summary>
    [Range(0, 65535)]
    public int? Port { get; set; } = 16162;
}
