namespace Sotp.Core.Devices;

/// <summary>Options of the <c>Sotp:Demo</c> section: demo devices for a newcomer's first run.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Sotp:Demo";

    /// <summary>Seeds demo devices on 127.0.0.0/8 once (on in Development, off in Production).</summary>
    public bool Enabled { get; set; }
}
