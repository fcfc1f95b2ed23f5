using MudBlazor;
using Sotp.Core.Configs;

namespace Sotp.Console.Components.Pages.Configs;

/// <summary>How backups and versions look everywhere they are shown.</summary>
public static class ConfigLook
{
    public static Color ColorOf(ConfigBackupOutcome outcome) => outcome switch
    {
        ConfigBackupOutcome.Changed => Color.Info,
        ConfigBackupOutcome.Failed => Color.Error,
        _ => Color.Default,
    };

    public static string NameOf(ConfigBackupOutcome outcome) => outcome.ToString().ToLowerInvariant();

    /// <summary>A commit as people quote it: its first eight hex digits.</summary>
    public static string Short(string? commit) => commit is null ? "—" : commit[..Math.Min(8, commit.Length)];

    /// <summary>The history page showing what one version changed.</summary>
    public static string ChangeLink(int deviceId, string commit) => $"devices/{deviceId}/configs?to={commit}";
}
