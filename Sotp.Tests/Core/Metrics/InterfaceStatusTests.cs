using Sotp.Core.Metrics;

namespace Sotp.Tests.Core.Metrics;

public class InterfaceStatusTests
{
    [Theory]
    [InlineData(1, 1, "up", InterfaceCondition.Up)]
    [InlineData(1, 2, "down", InterfaceCondition.Down)]
    [InlineData(1, 3, "testing", InterfaceCondition.Other)]
    [InlineData(1, 4, "unknown", InterfaceCondition.Other)]
    [InlineData(1, 5, "dormant", InterfaceCondition.Other)]
    [InlineData(1, 6, "notPresent", InterfaceCondition.Other)]
    [InlineData(1, 7, "lowerLayerDown", InterfaceCondition.Down)]
    [InlineData(2, 2, "admin down", InterfaceCondition.AdminDown)]
    [InlineData(2, 1, "admin down", InterfaceCondition.AdminDown)]
    public void Each_status_pair_reads_one_way(int admin, int oper, string text, InterfaceCondition condition)
    {
        Assert.Equal(text, InterfaceStatus.Describe(admin, oper));
        Assert.Equal(condition, InterfaceStatus.Condition(admin, oper));
    }

    [Fact]
    public void Values_outside_the_mib_read_as_unknown() => Assert.Equal("unknown", InterfaceStatus.Name(9));
}
