namespace Sotp.Tests.Support;

/// <summary>
/// A throw-away PostgreSQL server on 127.0.0.1 with its data in a temp folder (LAB.md): trust authentication
/// on loopback only, so no password exists anywhere. Stopped through its own data folder's pid file.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly TempDirectory _folder = new("sotp-pg");
    private string? _binaries;
    private bool _started;

    public int Port { get; } = LabProcess.FreeLoopbackPort();

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false";

    private string DataDirectory => _folder.File("data");

    public async ValueTask InitializeAsync()
    {
        var initdb = LabRequirement.FindExecutable("/usr/lib/postgresql/*/bin/initdb");
        if (initdb is null)
        {
            return; // RequireRunning reports it
        }

        _binaries = Path.GetDirectoryName(initdb)!;
        var asPostgres = LabRequirement.IsRoot;
        if (asPostgres)
        {
            await LabProcess.RunAsync("chown", ["postgres:postgres", _folder.Path]);
        }

        await RunAsync("initdb", ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"], asPostgres);
        await StartAsync();
    }

    /// <summary>Starts the server (again), as after a database restart.</summary>
    public async Task StartAsync()
    {
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-l", _folder.File("server.log"), "-w", "-t", "30", "-o",
            $"-c listen_addresses=127.0.0.1 -p {Port} -k {_folder.Path} -c fsync=off", "start"], LabRequirement.IsRoot);
        _started = true;
    }

    /// <summary>
    /// Stops the server, dropping every connection: <c>fast</c> rolls back and shuts down cleanly, <c>immediate</c>
    /// quits at once as a crash would (the next start recovers from the WAL).
    /// </summary>
    public async Task StopAsync(string mode = "fast")
    {
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", mode, "-w", "stop"], LabRequirement.IsRoot);
        _started = false;
    }

    /// <summary>Skips (or fails in CI) when PostgreSQL is not installed.</summary>
    public void RequireRunning() =>
        LabRequirement.Require(_binaries is not null, "PostgreSQL server binaries (Debian package postgresql) not found");

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await StopAsync();
        }

        _folder.Dispose();
    }

    private Task<string> RunAsync(string tool, string[] arguments, bool asPostgres) => asPostgres
        ? LabProcess.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_binaries!, tool), .. arguments])
        : LabProcess.RunAsync(Path.Combine(_binaries!, tool), arguments);
}
