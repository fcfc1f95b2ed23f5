// Opens SOTP's dashboard and devices page in Debian's Chromium, the way a person does, with a small inventory
// and with a large one, all devices Up, and prints how long each page takes to show its live data, how many
// bytes the circuit sent for it, and the ratio large/small. The SOTP under test is a separate process
// (run.sh starts it); this program only talks HTTP to it and drives the browser.
//   dotnet Dashboard.dll BASE_URL ADMIN_PASSWORD SMALL LARGE
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

var baseUrl = new Uri(args[0]);
var password = args[1];
var small = int.Parse(args[2], CultureInfo.InvariantCulture);
var large = int.Parse(args[3], CultureInfo.InvariantCulture);

using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5) };
var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password });
login.EnsureSuccessStatusCode();
var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
http.DefaultRequestHeaders.Authorization = new("Bearer", token);

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
});
var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString(), ViewportSize = new() { Width = 1366, Height = 800 } });
var signIn = await context.NewPageAsync();
await signIn.GotoAsync("/account/login");
await signIn.FillAsync("#login-user", "admin");
await signIn.FillAsync("#login-password", password);
await signIn.ClickAsync("[data-testid=login-submit]");
await signIn.WaitForSelectorAsync("[data-interactive=true]");
await signIn.CloseAsync();

var results = new List<(int Devices, string Page, double Shown, double Live, long Bytes)>();
var imported = 0;
foreach (var total in new[] { small, large })
{
    await ImportAsync(imported, total);
    imported = total;
    await WaitAllUpAsync(total);
    var dashboard = await MeasureAsync("/", $"[data-testid=count-up] .sotp-count:text-is('{total}')");
    results.Add((total, "dashboard", dashboard.Shown, dashboard.Live, dashboard.Bytes));
    var devices = await MeasureAsync("/devices", "[data-testid=status-chip][data-state=Up]");
    results.Add((total, "devices", devices.Shown, devices.Live, devices.Bytes));
}

Console.WriteLine("median of 5 loads; shown: from navigation until the page shows the data; live: until its circuit follows changes");
Console.WriteLine($"{"page",-10} {"devices",8} {"shown ms",9} {"live ms",8} {"circuit kB",11}");
foreach (var (devices, page, shown, live, bytes) in results)
{
    Console.WriteLine($"{page,-10} {devices,8} {shown,9:0} {live,8:0} {bytes / 1024.0,11:0.0}");
}

foreach (var page in new[] { "dashboard", "devices" })
{
    var (s, l) = (results.First(r => r.Page == page && r.Devices == small), results.First(r => r.Page == page && r.Devices == large));
    Console.WriteLine($"{page}: {large:N0} devices / {small:N0} devices: shown x{l.Shown / s.Shown:0.00}, live x{l.Live / s.Live:0.00}, circuit bytes x{(double)l.Bytes / s.Bytes:0.00}");
}

async Task ImportAsync(int from, int to)
{
    var csv = new StringBuilder("name,address,kind\n");
    for (var i = from; i < to; i++)
    {
        // 127.1.0.1 onwards: every 127/8 address answers ping.
        var n = i + 1;
        csv.Append(CultureInfo.InvariantCulture, $"bench-{i:00000},127.1.{n / 250}.{n % 250 + 1},switch\n");
    }

    var response = await http.PostAsync("/api/v1/devices/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
    response.EnsureSuccessStatusCode();
}

async Task WaitAllUpAsync(int total)
{
    var deadline = Stopwatch.StartNew();
    while (true)
    {
        var up = (await http.GetFromJsonAsync<JsonElement>("/api/v1/devices?status=up&pageSize=1")).GetProperty("totalCount").GetInt32();
        if (up == total)
        {
            return;
        }

        if (deadline.Elapsed > TimeSpan.FromMinutes(3))
        {
            throw new TimeoutException($"only {up} of {total} devices Up after 3 minutes");
        }

        await Task.Delay(1000);
    }
}

// Median of five fresh page loads: from navigation until the data is on screen (prerendered or not), then until
// the circuit is live with it on screen; bytes the circuit's WebSocket delivered by then.
async Task<(double Shown, double Live, long Bytes)> MeasureAsync(string path, string dataSelector)
{
    var runs = new List<(double Shown, double Live, long Bytes)>();
    // One load first, not counted: the server's first render of a page pays for JIT compilation.
    for (var run = -1; run < 5; run++)
    {
        var page = await context.NewPageAsync();
        long bytes = 0;
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) => Interlocked.Add(ref bytes, frame.Binary?.Length ?? Encoding.UTF8.GetByteCount(frame.Text ?? ""));
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync(dataSelector, new() { Timeout = 60_000 });
        var shown = clock.Elapsed.TotalMilliseconds;
        await page.WaitForSelectorAsync($"[data-interactive=true] {dataSelector}", new() { Timeout = 60_000 });
        if (run >= 0)
        {
            runs.Add((shown, clock.Elapsed.TotalMilliseconds, Interlocked.Read(ref bytes)));
        }

        if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1")
        {
            var timing = await page.EvaluateAsync<string>(
                "() => { const t = performance.getEntriesByType('navigation')[0]; return `ttfb ${t.responseStart|0} html ${t.responseEnd|0} dcl ${t.domContentLoadedEventEnd|0} load ${t.loadEventEnd|0}`; }");
            Console.Error.WriteLine($"{path} run {run}: shown {shown:0} ms, live {clock.Elapsed.TotalMilliseconds:0} ms; {timing}");
        }

        await page.CloseAsync();
    }

    var live = runs.Select(r => r.Live).Order().ElementAt(2);
    return (runs.Select(r => r.Shown).Order().ElementAt(2), live, runs.First(r => r.Live == live).Bytes);
}
