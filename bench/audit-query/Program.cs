// Fills a SQLite audit trail with N chained entries, then times what an auditor does (first page, filters,
// full-text search, chain verification) through SOTP's own code, and the same queries through the sqlite3
// command-line shell, the floor any code on this database can reach. Prints both and the ratio.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Sotp.Core.Audit;
using Sotp.Core.Persistence;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var folder = Directory.CreateTempSubdirectory("sotp-audit-bench-").FullName;
var file = Path.Combine(folder, "audit.db");
try
{
    var contexts = new SotpDbContextFactory(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false", 120);
    await using (var db = contexts.CreateDbContext())
    {
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    var fill = Stopwatch.StartNew();
    await FillAsync(file, count);
    Console.WriteLine($"filled {count:N0} chained entries in {fill.Elapsed.TotalSeconds:0.0} s ({new FileInfo(file).Length / 1048576.0:0} MB)");

    var search = new AuditSearch(contexts);
    var trail = new AuditTrail(contexts, TimeProvider.System, NullLogger<AuditTrail>.Instance);
    var day = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    var cases = new (string Name, AuditQuery Query, string Sql)[]
    {
        ("first page, no filter", new AuditQuery(),
            "SELECT count(*) FROM AuditEntries; SELECT * FROM AuditEntries ORDER BY Sequence DESC LIMIT 50;"),
        ("user filter", new AuditQuery { User = "user-17" },
            "SELECT count(*) FROM AuditEntries WHERE Actor='user-17'; SELECT * FROM AuditEntries WHERE Actor='user-17' ORDER BY Sequence DESC LIMIT 50;"),
        ("action prefix", new AuditQuery { Action = "user." },
            "SELECT count(*) FROM AuditEntries WHERE Action LIKE 'user.%'; SELECT * FROM AuditEntries WHERE Action LIKE 'user.%' ORDER BY Sequence DESC LIMIT 50;"),
        ("one day", new AuditQuery { From = day, To = day.AddDays(1) },
            $"SELECT count(*) FROM AuditEntries WHERE At >= {day.UtcTicks} AND At < {day.AddDays(1).UtcTicks}; SELECT * FROM AuditEntries WHERE At >= {day.UtcTicks} AND At < {day.AddDays(1).UtcTicks} ORDER BY Sequence DESC LIMIT 50;"),
        ("full-text search", new AuditQuery { Text = "rtr-4242" },
            "SELECT count(*) FROM AuditEntries WHERE Id IN (SELECT rowid FROM AuditEntriesText WHERE AuditEntriesText MATCH '\"rtr-4242\"'); " +
            "SELECT * FROM AuditEntries WHERE Id IN (SELECT rowid FROM AuditEntriesText WHERE AuditEntriesText MATCH '\"rtr-4242\"') ORDER BY Sequence DESC LIMIT 50;"),
    };

    Console.WriteLine($"{"query",-24} {"SOTP ms",10} {"sqlite3 ms",11} {"ratio",7} {"matches",9}");
    foreach (var (name, query, sql) in cases)
    {
        await search.QueryAsync(query, CancellationToken.None); // warm
        var times = new List<double>();
        var total = 0;
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            total = (await search.QueryAsync(query, CancellationToken.None)).TotalCount;
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var sotp = times.Min();
        var shell = Enumerable.Range(0, 3).Select(_ => Sqlite3(file, sql)).Min();
        Console.WriteLine($"{name,-24} {sotp,10:0.0} {shell,11:0.0} {sotp / shell,7:0.00} {total,9:N0}");
    }

    var verify = Stopwatch.StartNew();
    var verdict = await trail.VerifyAsync(CancellationToken.None);
    Console.WriteLine($"verify chain: {verdict.Checked:N0} entries, valid={verdict.Valid}, {verify.Elapsed.TotalSeconds:0.00} s");
    trail.Dispose();
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

// Time of one sqlite3 run minus an empty run (the shell's own start-up).
static double Sqlite3(string file, string sql)
{
    static double Run(string file, string sql)
    {
        var start = new ProcessStartInfo("sqlite3", [file, sql]) { RedirectStandardOutput = true };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return watch.Elapsed.TotalMilliseconds;
    }

    return Math.Max(0.1, Run(file, sql) - Run(file, "SELECT 1;"));
}

static async Task FillAsync(string file, int count)
{
    await using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
    await connection.OpenAsync();
    var previous = AuditChain.Genesis;
    var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    string[] actions = ["auth.sign-in", "device.update", "device.create", "device.snmp", "user.roles", "token.create", "audit.export"];
    for (var done = 0; done < count;)
    {
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO AuditEntries (Sequence, At, Actor, Roles, Source, ClientIp, Action, TargetType, TargetId, TargetName, Before, After, Result, TraceId, PreviousHash, Hash)
            VALUES ($seq, $at, $actor, 'Engineer', 'UI', '127.0.0.1', $action, 'device', $tid, $tname, $before, $after, 'success', NULL, $prev, $hash)
            """;
        string[] names = ["$seq", "$at", "$actor", "$action", "$tid", "$tname", "$before", "$after", "$prev", "$hash"];
        foreach (var name in names)
        {
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        for (var i = 0; i < 20_000 && done < count; i++, done++)
        {
            var e = new AuditEntry
            {
                Sequence = done + 1,
                At = AuditChain.Microseconds(start.AddSeconds(done * 30.0)),
                Actor = $"user-{done % 50}",
                Roles = "Engineer",
                Source = "UI",
                ClientIp = "127.0.0.1",
                Action = actions[done % actions.Length],
                TargetType = "device",
                TargetId = (done % 10_000).ToString(CultureInfo.InvariantCulture),
                TargetName = $"rtr-{done % 10_000}",
                Before = $"{{\"address\":\"127.0.{done % 250}.1\",\"site\":\"lab\"}}",
                After = $"{{\"address\":\"127.0.{done % 250}.2\",\"site\":\"lab\"}}",
                Result = "success",
                PreviousHash = previous,
                Hash = "",
            };
            e.Hash = AuditChain.HashOf(e);
            object?[] values = [e.Sequence, e.At.UtcTicks, e.Actor, e.Action, e.TargetId, e.TargetName, e.Before, e.After, e.PreviousHash, e.Hash];
            for (var p = 0; p < values.Length; p++)
            {
                insert.Parameters[p].Value = values[p];
            }

            await insert.ExecuteNonQueryAsync();
            previous = e.Hash;
        }

        await transaction.CommitAsync();
    }
}
