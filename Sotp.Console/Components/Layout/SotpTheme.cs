using MudBlazor;

namespace Sotp.Console.Components.Layout;

/// <summary>SOTP's MudBlazor theme: calm colours, status colours that stay readable in both modes.</summary>
public static class SotpTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565c0",
            Secondary = "#00838f",
            AppbarBackground = "#0d47a1",
            Success = "#2e7d32",
            Error = "#c62828",
            Warning = "#ef6c00",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#64b5f6",
            Secondary = "#4dd0e1",
            AppbarBackground = "#111827",
            Background = "#0b1120",
            Surface = "#151e2e",
            DrawerBackground = "#111827",
            Success = "#66bb6a",
            Error = "#ef5350",
            Warning = "#ffa726",
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px" },
    };
}
