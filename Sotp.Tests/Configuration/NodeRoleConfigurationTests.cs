using Microsoft.Extensions.Configuration;
using Sotp.Core.Cluster;

namespace Sotp.Tests.Configuration;

public class NodeRoleConfigurationTests
{
    [Theory]
    [InlineData(null, NodeRoles.Console | NodeRoles.Collectors)]
    [InlineData("Console", NodeRoles.Console)]
    [InlineData("collectors", NodeRoles.Collectors)]
    [InlineData("Console, Collectors", NodeRoles.Console | NodeRoles.Collectors)]
    public void Reads_a_comma_separated_value(string? value, NodeRoles expected) =>
        Assert.Equal(expected, NodeRoleConfiguration.Read(Configuration(("Sotp:Roles", value))));

    [Fact]
    public void Reads_a_list() =>
        Assert.Equal(NodeRoles.Collectors, NodeRoleConfiguration.Read(Configuration(("Sotp:Roles:0", "Collectors"))));

    [Theory]
    [InlineData("Poller")]
    [InlineData("1")]
    [InlineData("None")]
    public void Refuses_an_unknown_role_by_name(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => NodeRoleConfiguration.Read(Configuration(("Sotp:Roles", value))));

        Assert.Contains($"\"{value}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("Console, Collectors or both", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value))).Build();
}
