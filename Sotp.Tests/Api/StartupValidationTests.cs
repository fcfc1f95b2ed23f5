using Microsoft.Extensions.Options;
using Sotp.Tests.Support;

namespace Sotp.Tests.Api;

public class StartupValidationTests
{
    [Theory]
    [InlineData("Sotp:Database:Provider", "Oracle", "Provider")]
    [InlineData("Sotp:Security:IdleTimeoutMinutes", "0", "IdleTimeoutMinutes")]
    [InlineData("Sotp:Security:MaxFailedAccessAttempts", "100", "MaxFailedAccessAttempts")]
    public void The_app_refuses_to_start_on_invalid_configuration(string key, string value, string named)
    {
        using var app = new SotpAppFactory().With(key, value);

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains(named, Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSql_without_a_connection_string_refuses_to_start_and_says_how_to_fix_it()
    {
        using var app = new SotpAppFactory()
            .With("Sotp:Database:Provider", "PostgreSql")
            .With("ConnectionStrings:Sotp", "");

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains("ConnectionStrings__Sotp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bootstrap_password_that_breaks_the_policy_refuses_to_start()
    {
        using var app = new SotpAppFactory().With("Sotp:Bootstrap:AdminPassword", "tiny-pw-7");

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("at least 12", Flatten(error), StringComparison.Ordinal);
        Assert.DoesNotContain("tiny-pw-7", Flatten(error), StringComparison.Ordinal);
    }

    private static string Flatten(Exception error) => error.ToString();
}
