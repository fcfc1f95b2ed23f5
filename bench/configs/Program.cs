// Configuration history and compliance at size, against real peers on the same files:
//   seed DATADIR       a SQLite database and a git repository as SOTP keeps them: a router with a 10,000-line
//                      configuration in two versions, and 1,000 devices with their stored configurations and 50 rules;
//   inprocess DATADIR  SOTP's diff of the two 10,000-line versions against git diff --no-index and GNU diff -u, and
//                      SOTP's compliance check of 1,000 configurations against 50 rules against one GNU grep pass
//                      over the same files for the required lines (the floor of any line check);
//   browser URL PASSWORD DEVICE  the history page in Debian's Chromium: from navigation until the diff shows, then the
//                      whole file (10,000 rows) switched on.
// Medians of 5. Devices are display-only (192.0.2.0/24, not monitored): nothing is contacted.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Sotp.Core.Audit;
using Sotp.Core.Compliance;
using Sotp.Core.Configs;
using Sotp.Core.Devices;
using Sotp.Core.Persistence;

const int Devices = 1000;
const int BigLines = 10_000;
var at = new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

switch (args.FirstOrDefault())
{
    case "seed" when args.Length == 2:
        await SeedAsync(args[1]);
        return 0;
    case "inprocess" when args.Length == 2:
        await InProcessAsync(args[1]);
        return 0;
    case "browser" when args.Length == 4:
        await BrowserAsync(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
        return 0;
    default:
        Console.Error.WriteLine("usage: Configs seed DATADIR | inprocess DATADIR | browser URL PASSWORD DEVICE");
        return 2;
}

SotpDbContextFactory Contexts(string folder) => new(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "sotp.db")};Pooling=false", 600);

async Task SeedAsync(string folder)
{
    var contexts = Contexts(folder);
    await using var db = contexts.CreateDbContext();
    await db.Database.MigrateAsync();
    var repository = new ConfigRepository(Path.Combine(folder, "configs"));

    // The big router: two versions a day apart, about 3 % of the lines changed, added or removed.
    var big = new Device { Name = "big-rtr", Address = "192.0.2.10", Platform = "cisco-ios", Monitored = false, CreatedAt = at, UpdatedAt = at };
    db.Devices.Add(big);
    for (var i = 1; i <= Devices; i++)
    {
        db.Devices.Add(new Device
        {
            Name = $"rtr-{i:0000}", Address = "192.0.2.20", Platform = i % 10 == 0 ? "junos" : "cisco-ios", Site = $"site-{i % 25:00}",
            Tags = i % 3 == 0 ? ["core"] : ["edge"], Monitored = false, CreatedAt = at, UpdatedAt = at,
        });
    }

    await db.SaveChangesAsync();
    var older = repository.Save(big.Name, BigConfig(changed: false), "big-rtr: seeded", at.AddDays(-1))!;
    var newer = repository.Save(big.Name, BigConfig(changed: true), "big-rtr: seeded", at)!;
    db.ConfigBackups.Add(Record(big.Id, older, at.AddDays(-1)));
    db.ConfigBackups.Add(Record(big.Id, newer, at));
    foreach (var device in await db.Devices.Where(d => d.Name.StartsWith("rtr-")).ToListAsync())
    {
        var commit = repository.Save(device.Name, FleetConfig(device), $"{device.Name}: seeded", at)!;
        db.ConfigBackups.Add(Record(device.Id, commit, at));
    }

    db.ComplianceRules.AddRange(Rules());
    await db.SaveChangesAsync();
    Console.WriteLine($"seeded: big-rtr (id {big.Id}) with {BigLines:N0} lines in two versions, {Devices:N0} devices, 50 rules");
}

static ConfigBackupRecord Record(int device, ConfigCommit commit, DateTimeOffset when) => new()
{
    DeviceId = device, At = when, Trigger = "seeded", RequestedBy = "bench", Outcome = ConfigBackupOutcome.Changed, Commit = commit.Sha,
    LinesAdded = commit.LinesAdded, LinesRemoved = commit.LinesRemoved,
};

async Task InProcessAsync(string folder)
{
    var contexts = Contexts(folder);
    var repository = new ConfigRepository(Path.Combine(folder, "configs"));
    var history = new ConfigHistory(contexts, repository);
    var versions = await history.ListAsync(1, 2, CancellationToken.None);
    var (from, to) = (versions[1].Commit!, versions[0].Commit!);
    var (a, b) = (Path.Combine(folder, "a.cfg"), Path.Combine(folder, "b.cfg"));
    await File.WriteAllTextAsync(a, history.Read("big-rtr", from));
    await File.WriteAllTextAsync(b, history.Read("big-rtr", to));

    var rows = 0;
    var sotp = MedianOf(() =>
    {
        var diff = history.Compare("big-rtr", from, to);
        rows = diff.SideBySide().Count + diff.Inline(context: -1).Count;
    });
    var git = MedianOf(() => Run("git", "diff", "--no-index", "--no-color", a, b));
    var gnu = MedianOf(() => Run("diff", "-u", a, b));
    Console.WriteLine($"diff of two {BigLines:N0}-line versions (read from git, compared, laid out side by side folded and inline whole, {rows:N0} rows):");
    Console.WriteLine($"  SOTP {sotp:0} ms   git diff --no-index {git:0} ms   GNU diff -u {gnu:0} ms   SOTP/git x{sotp / git:0.00}   SOTP/diff x{sotp / gnu:0.00}");

    var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
    var compliance = new ComplianceService(contexts, repository, new GoldenConfig(ConfigNormalizer.Load()), new ComplianceBoard(TimeProvider.System),
        new AuditTrail(contexts, TimeProvider.System, NullLogger<AuditTrail>.Instance), TimeProvider.System, meters, NullLogger<ComplianceService>.Instance);
    var checkedDevices = 0;
    var check = MedianOf(() => checkedDevices = compliance.CheckAsync(null, CancellationToken.None).GetAwaiter().GetResult());
    var overview = await compliance.OverviewAsync(new ComplianceFilter(), CancellationToken.None);

    // The peer: one GNU grep pass over the same 1,000 files for the required lines, as whole fixed lines.
    var files = Path.Combine(folder, "fleet");
    Directory.CreateDirectory(files);
    await using (var db = contexts.CreateDbContext())
    {
        var fleet = await db.Devices.Where(d => d.Name.StartsWith("rtr-"))
            .Join(db.ConfigBackups, d => d.Id, r => r.DeviceId, (d, r) => new { d.Name, r.Commit }).ToListAsync();
        foreach (var member in fleet)
        {
            await File.WriteAllTextAsync(Path.Combine(files, member.Name + ".cfg"), history.Read(member.Name, member.Commit!));
        }
    }

    var required = Path.Combine(folder, "required.txt");
    await File.WriteAllLinesAsync(required, Rules().Where(r => r.Kind == RuleKind.Required).SelectMany(r => r.Text.Split('\n')).Where(l => !l.Contains('{')));
    var grep = MedianOf(() => Run("/bin/sh", "-c", $"grep -c -x -F -f {required} {files}/*.cfg"));
    Console.WriteLine($"compliance of {checkedDevices:N0} stored configurations against 50 rules ({overview.Rows.Count:N0} verdicts, "
        + $"{overview.CompliantDevices} devices compliant), read from git, checked and written to SQLite:");
    Console.WriteLine($"  SOTP {check / 1000:0.00} s   GNU grep (required lines only, no database) {grep:0} ms   SOTP/grep x{check / grep:0.0}");
}

async Task BrowserAsync(string url, string password, int device)
{
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium", Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
    });
    var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url, ViewportSize = new() { Width = 1366, Height = 800 } });
    var page = await context.NewPageAsync();
    await page.GotoAsync("/account/login");
    await page.FillAsync("#login-user", "admin");
    await page.FillAsync("#login-password", password);
    await page.ClickAsync("[data-testid=login-submit]");
    await page.WaitForSelectorAsync("[data-interactive=true]");

    var shown = new List<double>();
    var whole = new List<double>();
    for (var run = 0; run < 5; run++)
    {
        var watch = Stopwatch.StartNew();
        await page.GotoAsync($"/devices/{device}/configs");
        await page.WaitForSelectorAsync("[data-testid=config-diff] [data-testid=diff-row][data-kind=changed]");
        shown.Add(watch.Elapsed.TotalMilliseconds);
        watch.Restart();
        await page.ClickAsync("[data-testid=config-whole]");
        await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-testid=config-diff]').dataset.rows) > 10000");
        await page.WaitForSelectorAsync("[data-testid=config-diff] [data-testid=diff-row][data-kind=same]");
        whole.Add(watch.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine($"history page, {BigLines:N0}-line versions (Chromium, median of 5): diff shown {Median(shown):0} ms after navigation; "
        + $"whole file ({await page.GetAttributeAsync("[data-testid=config-diff]", "data-rows")} rows) shown {Median(whole):0} ms after the switch; budget 1000 ms: "
        + $"x{Math.Max(Median(shown), Median(whole)) / 1000:0.00}");
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

static double Time(Action action)
{
    var watch = Stopwatch.StartNew();
    action();
    return watch.Elapsed.TotalMilliseconds;
}

double MedianOf(Action action)
{
    action(); // warm
    return Median(Enumerable.Range(0, 5).Select(_ => Time(action)).ToList());
}

static void Run(string file, params string[] arguments)
{
    var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    process.StandardOutput.ReadToEnd();
    process.WaitForExit();
}

// An IOS configuration of BigLines lines: interfaces with descriptions, addresses and features; the second version
// has descriptions changed, a feature added here and there, and some interfaces gone.
static string BigConfig(bool changed)
{
    var text = new StringBuilder("hostname big-rtr\n!\nservice password-encryption\n!\n");
    for (var i = 0; text.Length < 1 || CountLines(text) < BigLines - 2; i++)
    {
        if (changed && i % 97 == 13)
        {
            continue; // gone
        }

        text.Append(CultureInfo.InvariantCulture, $"interface GigabitEthernet{i / 48}/{i % 48}\n");
        text.Append(CultureInfo.InvariantCulture, $" description {(changed && i % 41 == 7 ? "moved to rack B" : $"link {i}")}\n");
        text.Append(CultureInfo.InvariantCulture, $" ip address 198.51.100.{i % 250} 255.255.255.0\n");
        text.Append(" no ip proxy-arp\n ip ospf cost 10\n");
        if (changed && i % 53 == 5)
        {
            text.Append(" ip ospf authentication message-digest\n");
        }

        text.Append(" no shutdown\n!\n");
    }

    return text.Append("end\n").ToString();
}

static int CountLines(StringBuilder text)
{
    var lines = 0;
    foreach (var chunk in text.GetChunks())
    {
        lines += chunk.Span.Count('\n');
    }

    return lines;
}

// A fleet member's configuration: about 300 lines, with its own name and site, and faults here and there.
static string FleetConfig(Device device)
{
    var n = int.Parse(device.Name[4..], CultureInfo.InvariantCulture);
    var text = new StringBuilder($"hostname {device.Name}\n!\nservice password-encryption\nservice timestamps log datetime msec\n");
    text.Append(n % 7 == 0 ? "" : "no ip http server\n").Append(n % 11 == 0 ? "ip http server\n" : "");
    text.Append(CultureInfo.InvariantCulture, $"snmp-server location {(n % 13 == 0 ? "unknown" : device.Site)}\nsnmp-server contact noc\n");
    text.Append(n % 17 == 0 ? "" : "ntp server 192.0.2.123\n").Append("logging host 192.0.2.50\nlogging trap informational\n!\n");
    for (var i = 0; i < 36; i++)
    {
        text.Append(CultureInfo.InvariantCulture, $"interface GigabitEthernet0/{i}\n description port {i}\n switchport mode access\n");
        text.Append(i % 9 == 0 && n % 5 == 0 ? "" : " no ip proxy-arp\n").Append(" spanning-tree portfast\n no shutdown\n!\n");
    }

    text.Append("line vty 0 4\n").Append(n % 19 == 0 ? " transport input ssh\n exec-timeout 10 0\n" : " exec-timeout 10 0\n transport input ssh\n").Append("end\n");
    return text.ToString();
}

// 50 rules, of every kind, as a network team writes them.
List<ComplianceRule> Rules()
{
    var rules = new List<ComplianceRule>
    {
        new() { Name = "hostname", Kind = RuleKind.Required, Text = "hostname {name}" },
        new() { Name = "location", Kind = RuleKind.Required, Text = "snmp-server location {site}" },
        new() { Name = "ntp", Kind = RuleKind.Required, Text = "ntp server 192.0.2.123" },
        new() { Name = "no http", Kind = RuleKind.Forbidden, Text = "ip http server" },
        new() { Name = "vty order", Kind = RuleKind.Section, Text = "line vty 0 4\n exec-timeout 10 0\n transport input ssh", Ordered = true },
        new() { Name = "proxy-arp off everywhere", Kind = RuleKind.Section, Text = "^interface GigabitEthernet\n no ip proxy-arp" },
        new() { Name = "timestamps", Kind = RuleKind.Match, Text = @"^service timestamps log datetime( msec)?$" },
        new() { Name = "no telnet", Kind = RuleKind.NoMatch, Text = @"^ transport input .*telnet" },
    };
    for (var i = rules.Count; i < 50; i++)
    {
        rules.Add((i % 5) switch
        {
            0 => new ComplianceRule { Name = $"required {i}", Kind = RuleKind.Required, Text = $"service password-encryption\nlogging host 192.0.2.50\nlogging trap informational" },
            1 => new ComplianceRule { Name = $"forbidden {i}", Kind = RuleKind.Forbidden, Text = $"snmp-server community public{i} RO\nip source-route" },
            2 => new ComplianceRule { Name = $"match {i}", Kind = RuleKind.Match, Text = @"^snmp-server contact \S+$" },
            3 => new ComplianceRule { Name = $"no-match {i}", Kind = RuleKind.NoMatch, Text = $@"^username \S+ password {i}" },
            _ => new ComplianceRule { Name = $"section {i}", Kind = RuleKind.Section, Text = $"interface GigabitEthernet0/{i % 36}\n switchport mode access\n no shutdown" },
        });
    }

    foreach (var rule in rules)
    {
        (rule.UpdatedAt, rule.UpdatedBy, rule.Platforms) = (at, "bench", rule.Name == "hostname" ? [] : ["cisco-ios"]);
    }

    return rules;
}
