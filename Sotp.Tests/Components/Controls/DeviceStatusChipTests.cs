using Bunit;
using Microsoft.Extensions.Time.Testing;
using Sotp.Console.Components.Controls;
using Sotp.Core.Status;
using Sotp.Tests.Support;

namespace Sotp.Tests.Components.Controls;

public class DeviceStatusChipTests : SotpComponentContext
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    private IRenderedComponent<DeviceStatusChip> RenderChip(DeviceStatus status) =>
        Render<DeviceStatusChip>(p => p.Add(c => c.Status, status).Add(c => c.Clock, _clock));

    [Fact]
    public void An_up_device_shows_green_with_its_rtt()
    {
        var chip = RenderChip(new DeviceStatus(1, DeviceState.Up, 0.42, 0, _clock.GetUtcNow().AddMinutes(-5), _clock.GetUtcNow()));

        var element = chip.Find("[data-testid=status-chip]");
        Assert.Equal("Up", element.GetAttribute("data-state"));
        Assert.Contains("Up · 0.42 ms", element.TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-chip-color-success", element.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_down_device_shows_red_with_how_long()
    {
        var chip = RenderChip(new DeviceStatus(1, DeviceState.Down, null, 100, _clock.GetUtcNow().AddMinutes(-75), _clock.GetUtcNow()));

        var element = chip.Find("[data-testid=status-chip]");
        Assert.Contains("Down · 1 h 15 min", element.TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-chip-color-error", element.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_never_probed_is_unknown()
    {
        var chip = RenderChip(DeviceStatus.UnknownFor(3));

        Assert.Equal("Unknown", chip.Find("[data-testid=status-chip]").GetAttribute("data-state"));
        Assert.Equal("Not probed yet", chip.Find("[data-testid=status-chip]").GetAttribute("title"));
    }

    [Fact]
    public void The_chip_follows_a_new_status_without_being_recreated()
    {
        var chip = RenderChip(DeviceStatus.UnknownFor(3));

        chip.Render(p => p.Add(c => c.Status, new DeviceStatus(3, DeviceState.Up, 1.5, 0, _clock.GetUtcNow(), _clock.GetUtcNow())));

        Assert.Equal("Up", chip.Find("[data-testid=status-chip]").GetAttribute("data-state"));
    }
}
