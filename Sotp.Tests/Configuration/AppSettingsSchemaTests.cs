using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Sotp.Tests.Support;

namespace Sotp.Tests.Configuration;

public class AppSettingsSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromFile(RepositoryFiles.Path("appsettings.schema.json"));

    public static TheoryData<string> AppSettingsFiles() =>
        new(Directory.GetFiles(RepositoryFiles.Path("Sotp.Console"), "appsettings*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(AppSettingsFiles))]
    public void Each_committed_appsettings_file_follows_the_schema(string file)
    {
        var result = Evaluate(File.ReadAllText(RepositoryFiles.Path("Sotp.Console", file)));

        Assert.True(result.IsValid, Describe(result));
    }

    [Fact]
    public void A_bad_sample_fails_and_names_each_mistake()
    {
        var result = Evaluate(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Configuration", "Samples", "bad-appsettings.json")));

        Assert.False(result.IsValid);
        var described = Describe(result);
        Assert.Contains("/Sotp/Database/Provider", described, StringComparison.Ordinal);
        Assert.Contains("/Sotp/Database/CommandTimeoutSeconds", described, StringComparison.Ordinal);
        Assert.Contains("/Sotp/Security/IdleTimeoutMinutes", described, StringComparison.Ordinal);
        Assert.Contains("Databse", described, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_option_SOTP_reads_is_documented_and_nothing_more()
    {
        var schema = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Path("appsettings.schema.json")))!;
        var sections = OptionsClasses().Select(o => (string)o.GetField("SectionName")!.GetValue(null)!).ToHashSet();
        foreach (var options in OptionsClasses())
        {
            var section = (string)options.GetField("SectionName")!.GetValue(null)!;
            var node = section.Split(':').Aggregate(schema, (n, part) => n["properties"]?[part]
                ?? throw new Xunit.Sdk.XunitException($"Section {section} is missing from appsettings.schema.json"));
            // A nested section (Sotp:Secrets:Vault inside Sotp:Secrets) is checked as its own options class.
            var documented = node["properties"]!.AsObject().Select(p => p.Key).Where(p => !sections.Contains($"{section}:{p}")).Order().ToArray();
            var read = options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)
                .Select(p => p.Name).Order().ToArray();

            Assert.Equal(read, documented);
        }
    }

    [Fact]
    public void No_committed_appsettings_file_holds_a_password()
    {
        foreach (var file in AppSettingsFiles())
        {
            var text = File.ReadAllText(RepositoryFiles.Path("Sotp.Console", file));
            Assert.DoesNotContain("AdminPassword", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Password=", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static IEnumerable<Type> OptionsClasses() =>
        new[] { typeof(Sotp.Core.Persistence.DatabaseOptions).Assembly, typeof(Program).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } f &&
                        ((string)f.GetValue(null)!).StartsWith("Sotp", StringComparison.Ordinal));

    private static EvaluationResults Evaluate(string json) =>
        Schema.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Describe(EvaluationResults result) =>
        string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Select(e => $"{e.Key} {e.Value}"))}"));
}
