using System.Text.RegularExpressions;
using System.Xml.Linq;
using Sotp.Tests.Support;

namespace Sotp.Tests.Deployment;

/// <summary>
/// The Dockerfile, read as text (no Docker engine runs here): npm, SDK and runtime stages, the runtime stage unprivileged with a
/// health check on /healthz, no secret in it, sources that exist, and the same user as the SDK container settings.
/// </summary>
public sealed partial class ContainerImageTests
{
    private static readonly string[] Lines = Instructions(File.ReadAllText(RepositoryFiles.Path("Dockerfile")));

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex Continuation();

    private static string[] Instructions(string text) => Continuation().Replace(text, " ")
        .Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    private static string[] RuntimeStage => Lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Builds_with_the_sdk_and_runs_on_the_aspnet_runtime()
    {
        var stages = Lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToArray();

        Assert.Equal(3, stages.Length);
        Assert.StartsWith("FROM node:", stages[0], StringComparison.Ordinal);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:", stages[1], StringComparison.Ordinal);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:", stages[2], StringComparison.Ordinal);
        Assert.Contains(RuntimeStage, l => l.StartsWith("COPY --from=build", StringComparison.Ordinal));

        // The browser packages come from the lock file into wwwroot before publish, which then skips npm.
        Assert.Contains(Lines, l => l.StartsWith("RUN npm ci", StringComparison.Ordinal));
        Assert.Contains(Lines, l => l.StartsWith("COPY --from=assets", StringComparison.Ordinal) && l.Contains("wwwroot/lib/xterm", StringComparison.Ordinal));
        Assert.Contains(Lines, l => l.Contains("/p:SkipBrowserPackages=true", StringComparison.Ordinal));
    }

    [Fact]
    public void The_runtime_stage_is_unprivileged_and_checks_its_health()
    {
        var user = RuntimeStage.Last(l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Split(':')[0];
        var csprojUser = XDocument.Load(RepositoryFiles.Path("Sotp.Console", "Sotp.Console.csproj")).Descendants("ContainerUser").Single().Value;

        Assert.True(int.TryParse(user, out var uid) && uid > 0, $"the image runs as {user}: use a numeric, non-root uid");
        Assert.Equal(user, csprojUser);
        Assert.Contains(RuntimeStage, l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal) && l.Contains("/healthz/live", StringComparison.Ordinal));
        Assert.Contains(RuntimeStage, l => l == "EXPOSE 8080");
        Assert.Contains(RuntimeStage, l => l.StartsWith("ENTRYPOINT [\"dotnet\", \"Sotp.Console.dll\"]", StringComparison.Ordinal));
    }

    [Fact]
    public void No_secret_is_baked_into_the_image()
    {
        foreach (var line in Lines.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal) || l.StartsWith("ARG ", StringComparison.Ordinal)))
        {
            Assert.DoesNotMatch(@"(?i)password|secret|token|ConnectionStrings|apikey", line);
        }

        var ignored = File.ReadAllLines(RepositoryFiles.Path(".dockerignore"));
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains("**/*.db", ignored);
        Assert.Contains("**/secrets/", ignored);
    }

    [Fact]
    public void Every_copied_source_exists()
    {
        foreach (var copy in Lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
        {
            var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1];
            Assert.All(parts, source => Assert.True(File.Exists(RepositoryFiles.Path(source)) || Directory.Exists(RepositoryFiles.Path(source)),
                $"{copy}: {source} is not in the repository"));
        }
    }
}
