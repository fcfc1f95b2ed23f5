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

var results = new List<(int Devices, string Page, double Ms, long Bytes)>();
var imported = 0;
foreach (var total in new[] { small, large })
{
    await ImportAsync(imported, total);
    imported = total;
    await WaitAllUpAsync(total);
    results.Add((total, "dashboard", .. await MeasureAsync("/", $"[data-testid=count-up] .sotp-count:text-is('{total}')")));
    results.Add((total, "devices", .. await MeasureAsync("/devices", "[data-testid=status-chip][data-state=Up]")));
}

Console.WriteLine($"{"page",-10} {"devices",8} {"load ms (median of 5)",22} {"circuit kB",11}");
foreach (var (devices, page, ms, bytes) in results)
{
    Console.WriteLine($"{page,-10} {devices,8} {ms,22:0} {bytes / 1024.0,11:0.0}");
}

foreach (var page in new[] { "dashboard", "devices" })
{
    var (s, l) = (results.First(r => r.Page == page && r.Devices == small), results.First(r => r.Page == page && r.Devices == large));
    Console.WriteLine($"{page}: {large:N0} devices / {small:N0} devices: time x{l.Ms / s.Ms:0.00}, circuit bytes x{(double)l.Bytes / s.Bytes:0.00}");
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

// Median of five fresh page loads: from navigation until the live data is on screen; bytes the circuit's
// WebSocket delivered meanwhile.
async Task<(double Ms, long Bytes)> MeasureAsync(string path, string liveSelector)
{
    var runs = new List<(double Ms, long Bytes)>();
    for (var run = 0; run < 5; run++)
    {
        var page = await context.NewPageAsync();
        long bytes = 0;
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) => Interlocked.Add(ref bytes, frame.Binary?.Length ?? Encoding.UTF8.GetByteCount(frame.Text ?? ""));
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(path);
        await page.WaitForSelectorAsync(liveSelector, new() { Timeout = 60_000 });
        runs.Add((clock.Elapsed.TotalMilliseconds, Interlocked.Read(ref bytes)));
        await page.CloseAsync();
    }

    return runs.OrderBy(r => r.Ms).ElementAt(2);
}
