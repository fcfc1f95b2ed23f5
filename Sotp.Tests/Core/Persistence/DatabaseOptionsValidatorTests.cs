using Microsoft.Extensions.Configuration;
using Sotp.Core.Persistence;

namespace Sotp.Tests.Core.Persistence;

public class DatabaseOptionsValidatorTests
{
    private static DatabaseOptionsValidator ValidatorWith(string? connectionString) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sotp"] = connectionString,
        }).Build());

    [Fact]
    public void Sqlite_needs_no_connection_string() =>
        Assert.True(ValidatorWith(null).Validate(null, new DatabaseOptions()).Succeeded);

    [Fact]
    public void PostgreSql_without_a_connection_string_is_refused_with_the_fix()
    {
        var result = ValidatorWith(null).Validate(null, new DatabaseOptions { Provider = DatabaseProvider.PostgreSql });

        Assert.True(result.Failed);
        Assert.Contains("ConnectionStrings__Sotp", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_without_echoing_it()
    {
        var result = ValidatorWith("Host=127.0.0.1;Pasword=hunter2hunter2;Bogus")
            .Validate(null, new DatabaseOptions { Provider = DatabaseProvider.PostgreSql });

        Assert.True(result.Failed);
        Assert.DoesNotContain("hunter2", result.FailureMessage, StringComparison.Ordinal);
    }
}
