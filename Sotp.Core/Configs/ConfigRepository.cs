using System.Text;
using LibGit2Sharp;

namespace Sotp.Core.Configs;

/// <summary>One stored version of a device's configuration: its commit and how many lines it changed.</summary>
public sealed record ConfigCommit(string Sha, DateTimeOffset At, string Message, int LinesAdded, int LinesRemoved);

/// <summary>
/// Configuration history as a plain git repository (LibGit2Sharp): one file per device, <c>devices/NAME.cfg</c>, one
/// commit per changed backup by "SOTP", nothing when the configuration did not change. Anyone can clone it and read it
/// with git itself (<c>git log -p devices/r1.cfg</c>). Only cleaned text reaches it (<see cref="ConfigRules.Clean"/>):
/// no secret is ever committed. One writer at a time.
/// </summary>
public sealed class ConfigRepository(string folder)
{
    private readonly Lock _gate = new();

    public string Folder { get; } = folder;

    /// <summary>The path of a device's file inside the repository.</summary>
    public static string PathOf(string deviceName) =>
        "devices/" + string.Concat(deviceName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')) + ".cfg";

    /// <summary>Stores the configuration; the new commit, or null when it is the same as the last one stored.</summary>
    public ConfigCommit? Save(string deviceName, string text, string message, DateTimeOffset at)
    {
        lock (_gate)
        {
            using var repository = Open();
            var path = PathOf(deviceName);
            var file = Path.Combine(Folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text, new UTF8Encoding(false));
            Commands.Stage(repository, path);
            if (repository.RetrieveStatus(path) == FileStatus.Unaltered)
            {
                return null;
            }

            var author = new Signature("SOTP", "sotp@localhost", at);
            var commit = repository.Commit(message, author, author);
            var changes = commit.Parents.FirstOrDefault() is { } parent
                ? repository.Diff.Compare<PatchStats>(parent.Tree, commit.Tree, [path])
                : repository.Diff.Compare<PatchStats>(null, commit.Tree, [path]);
            return new ConfigCommit(commit.Sha, at, message, changes.TotalLinesAdded, changes.TotalLinesDeleted);
        }
    }

    /// <summary>The device's versions, newest first.</summary>
    public IReadOnlyList<ConfigCommit> History(string deviceName)
    {
        lock (_gate)
        {
            if (!Repository.IsValid(Folder))
            {
                return [];
            }

            using var repository = new Repository(Folder);
            var path = PathOf(deviceName);
            if (repository.Head.Tip is null)
            {
                return [];
            }

            return [.. repository.Commits.QueryBy(path).Select(entry =>
            {
                var commit = entry.Commit;
                var stats = repository.Diff.Compare<PatchStats>(commit.Parents.FirstOrDefault()?.Tree, commit.Tree, [path]);
                return new ConfigCommit(commit.Sha, commit.Author.When, commit.Message.TrimEnd(), stats.TotalLinesAdded, stats.TotalLinesDeleted);
            })];
        }
    }

    /// <summary>The device's configuration as a version stored it; null when that version has no such file.</summary>
    public string? Read(string deviceName, string sha)
    {
        lock (_gate)
        {
            using var repository = new Repository(Folder);
            return repository.Lookup<Commit>(sha)?[PathOf(deviceName)]?.Target is Blob blob ? blob.GetContentText(new FilteringOptions(PathOf(deviceName))) : null;
        }
    }

    /// <summary>A unified diff (as <c>git diff</c> prints it) of the device's file between two versions.</summary>
    public string Diff(string deviceName, string fromSha, string toSha)
    {
        lock (_gate)
        {
            using var repository = new Repository(Folder);
            var (from, to) = (repository.Lookup<Commit>(fromSha), repository.Lookup<Commit>(toSha));
            if (from is null || to is null)
            {
                throw new ArgumentException($"No stored version {(from is null ? fromSha : toSha)}.");
            }

            return repository.Diff.Compare<Patch>(from.Tree, to.Tree, [PathOf(deviceName)]).Content;
        }
    }

    /// <summary>
    /// Pushes the history (its current branch) to <paramref name="url"/>, as the remote "origin"; with a user name, the
    /// password or token is given when the remote asks. Throws <see cref="LibGit2SharpException"/> in git's words.
    /// </summary>
    public void Push(string url, string? userName, string? password)
    {
        lock (_gate)
        {
            using var repository = Open();
            if (repository.Head.Tip is null)
            {
                return; // nothing stored yet
            }

            var origin = repository.Network.Remotes["origin"];
            if (origin is null)
            {
                repository.Network.Remotes.Add("origin", url);
            }
            else if (origin.Url != url)
            {
                repository.Network.Remotes.Update("origin", r => r.Url = url);
            }

            var options = new PushOptions();
            if (!string.IsNullOrEmpty(userName))
            {
                options.CredentialsProvider = (_, _, _) => new UsernamePasswordCredentials { Username = userName, Password = password ?? "" };
            }

            repository.Network.Push(repository.Network.Remotes["origin"], repository.Head.CanonicalName, options);
        }
    }

    private Repository Open()
    {
        if (!Repository.IsValid(Folder))
        {
            Directory.CreateDirectory(Folder);
            Repository.Init(Folder);
        }

        return new Repository(Folder);
    }
}
