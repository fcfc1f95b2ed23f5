using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Collectors.Syslog;
using Sotp.Tests.Support;

namespace Sotp.Tests.Browser;

/// <summary>
/// Syslog sent by util-linux's logger appears on the open events page without a reload, explained; a row opens its
/// explanation; markup in a message stays text; errors reach the dashboard's card and the device's own timeline; a
/// stranger appears among the unmatched senders live and, added as a device, takes its earlier messages along.
/// </summary>
[LabTest]
public sealed class EventsBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_line_sent_while_the_page_is_open_appears_explained_and_opens_with_what_to_do()
    {
        var logger = LabRequirement.FindExecutable("/usr/bin/logger");
        LabRequirement.Require(logger is not null, "logger (Debian package bsdutils) not found");
        await using var app = new SotpAppFactory();
        var baseAddress = app.StartOnLoopback();
        var api = await app.CreateBearerClientAsync();
        var created = await api.PostAsJsonAsync("/api/v1/devices",
            new { name = "leaf-sw7", address = "127.0.0.1", kind = "switch", platform = "arista-eos", site = "Lab", pingIntervalSeconds = 3600 }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        var service = app.Services.GetRequiredService<SyslogService>();
        var receiver = await Eventually.WaitAsync(() => Task.FromResult(service.Receiver!), r => r is not null);
        var port = receiver.Endpoints[SyslogTransport.Udp].Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var page = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(page, "admin", app.AdminPassword!, "/events");
        await page.WaitForSelectorAsync("[data-testid=events-empty]");

        // An Arista switch's lines (its agent as the tag), sent while the page is open.
        await LabProcess.RunAsync(logger!, ["--server", "127.0.0.1", "--port", port, "--udp", "--rfc3164", "-p", "local7.notice", "-t", "Ebra",
            "%LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/7, changed state to down"]);
        await LabProcess.RunAsync(logger!, ["--server", "127.0.0.1", "--port", port, "--udp", "--rfc3164", "-p", "local7.err", "-t", "Ebra",
            "%LINK-3-UPDOWN: Interface GigabitEthernet0/7, changed state to down"]);
        await LabProcess.RunAsync(logger!, ["--server", "127.0.0.1", "--port", port, "--udp", "--rfc3164", "-p", "user.warning", "-t", "app",
            "<b>bold</b> <img src=x onerror=alert(1)> markup stays text"]);

        var title = await page.WaitForSelectorAsync("[data-testid=event-title]:has-text('Line protocol down on GigabitEthernet0/7')", new() { Timeout = 15_000 });
        Assert.NotNull(title);
        var markup = await page.WaitForSelectorAsync("[data-testid=event-row]:has-text('markup stays text')");
        Assert.Contains("<b>bold</b>", await markup!.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-testid=events-table] b, [data-testid=events-table] img").CountAsync());
        await Chromium.ScreenshotAsync(page, "events-live");

        await page.ClickAsync("[data-testid=event-row]:has-text('Link down on GigabitEthernet0/7')");
        var meaning = await page.WaitForSelectorAsync("[data-testid=event-meaning]");
        Assert.Contains("physical link", await meaning!.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("far-end", await page.InnerTextAsync("[data-testid=event-action]"), StringComparison.Ordinal);
        Assert.Contains("%LINK-3-UPDOWN", await page.InnerTextAsync("[data-testid=event-raw]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "event-dialog");
        await page.Keyboard.PressAsync("Escape");

        // The error reaches the dashboard's card and the device's own timeline.
        await page.GotoAsync(new Uri(baseAddress, "/").ToString());
        await page.WaitForSelectorAsync("[data-testid=critical-events] [data-testid=event-title]:has-text('Link down on GigabitEthernet0/7')");
        Assert.Equal(0, await page.Locator("[data-testid=critical-events] [data-testid=event-row]:has-text('Line protocol')").CountAsync());
        await page.GotoAsync(new Uri(baseAddress, $"/devices/{id}").ToString());
        await page.WaitForSelectorAsync("[data-testid=device-events] [data-testid=event-title]:has-text('Line protocol down on GigabitEthernet0/7')");
        await Chromium.ScreenshotAsync(page, "device-events");

        // A sender that is no device is listed as it is heard (the page stays open), ready to be added.
        await page.GotoAsync(new Uri(baseAddress, "/events").ToString());
        await page.WaitForSelectorAsync("[data-testid=unmatched-empty]");
        using var stranger = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0));
        await stranger.SendAsync(Encoding.UTF8.GetBytes("<30>Nov 29 10:00:00 edge-fw9 sshd[12]: Server listening on 0.0.0.0 port 22."),
            new IPEndPoint(IPAddress.Loopback, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)), Ct);
        await page.WaitForSelectorAsync("[data-testid=unmatched-row]:has-text('127.0.0.3')", new() { Timeout = 15_000 });
        await page.ClickAsync("[data-testid=unmatched-add]");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.mud-dialog input')].some(i => i.value === 'edge-fw9')");
        Assert.True(await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('.mud-dialog input')].some(i => i.value === '127.0.0.3')"));
        await Chromium.ScreenshotAsync(page, "events-add-sender");

        // Added: what it sent before is the new device's, and it is no stranger any more.
        await page.ClickAsync("[data-testid=device-save]");
        await page.WaitForSelectorAsync(".mud-snackbar:has-text('edge-fw9 added, with the 1 earlier message from 127.0.0.3')");
        await page.WaitForSelectorAsync("[data-testid=unmatched-empty]");
        await Chromium.ScreenshotAsync(page, "events-sender-added");
        var adopted = Assert.Single((await api.GetFromJsonAsync<JsonElement>("/api/v1/events?q=edge-fw9", Ct)).EnumerateArray());
        var devices = await api.GetFromJsonAsync<JsonElement>("/api/v1/devices?search=edge-fw9", Ct);
        Assert.Equal(devices.GetProperty("items")[0].GetProperty("id").GetInt32(), adopted.GetProperty("deviceId").GetInt32());
    }
}
