using System.ComponentModel.DataAnnotations;

namespace Sotp.Collectors.RemoteConsole;

/// <summary>Options of the <c>Sotp:Ssh</c> section: timeouts and limits of console sessions.</summary>
public sealed class SshOptions
{
    public const string SectionName = "Sotp:Ssh";

    /// <summary>How long the device's TCP port may take to answer.</summary>
    [Range(1, 120)]
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>How long key exchange and login may take once the port answered.</summary>
    [Range(1, 300)]
    public int AuthTimeoutSeconds { get; set; } = 15;

    /// <summary>A terminal with neither input nor output this long is closed.</summary>
    [Range(1, 1440)]
    public int IdleTimeoutMinutes { get; set; } = 15;

    /// <summary>How long one command (command mode, API) may run before it is stopped.</summary>
    [Range(1, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 60;

    /// <summary>Output kept per command; the rest is counted and dropped, and the answer says so.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxCommandOutputBytes { get; set; } = 4 * 1024 * 1024;

    [Range(1, 100)]
    public int MaxSessionsPerUser { get; set; } = 4;

    [Range(1, 100)]
    public int MaxSessionsPerDevice { get; set; } = 3;

    /// <summary>Keystrokes a terminal accepts per second (a paste of a few KB passes; a flood is cut and counted).</summary>
    [Range(64, 1024 * 1024)]
    public int MaxInputBytesPerSecond { get; set; } = 16 * 1024;
}
