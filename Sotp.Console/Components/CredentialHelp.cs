using Sotp.Core.Secrets;

namespace Sotp.Console.Components;

/// <summary>The helper line under a write-only credential field, for every dialog that has one (SNMP, SSH).</summary>
public static class CredentialHelp
{
    public static string For(string? stored) => stored is null
        ? "A literal (stored encrypted) or secret://env/… or secret://file/…"
        : $"Now: {CredentialVault.Describe(stored)}. Leave empty to keep it.";
}
