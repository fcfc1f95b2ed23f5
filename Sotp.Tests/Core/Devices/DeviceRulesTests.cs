using Sotp.Core;
using Sotp.Core.Devices;
using Sotp.Core.Status;

namespace Sotp.Tests.Core.Devices;

public class DeviceRulesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("fe80::1%2")]
    [InlineData("core-rtr1.lab.test")]
    [InlineData("core-rtr1.lab.test.")]
    public void Ip_literals_and_dns_names_are_addresses(string address) =>
        Assert.Null(DeviceRules.CheckAddressSyntax(address));

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("1.2.3")]
    [InlineData("127.0.0.999")]
    [InlineData("-bad-.lab")]
    [InlineData("under_score.lab")]
    [InlineData("spaces in name")]
    public void Anything_else_is_refused_in_plain_words(string address) =>
        Assert.False(string.IsNullOrEmpty(DeviceRules.CheckAddressSyntax(address)));

    [Fact]
    public void A_valid_input_becomes_a_tidy_device()
    {
        var (device, errors) = DeviceRules.Check(new DeviceInput
        {
            Name = "  core-rtr1 ", Address = " 127.0.0.1 ", Kind = "Router", Platform = "FRR", Tags = ["Core", "core", " edge "],
        });

        Assert.Empty(errors);
        Assert.Equal(("core-rtr1", "127.0.0.1", DeviceKind.Router, "frr"), (device!.Name, device.Address, device.Kind, device.Platform));
        Assert.Equal(["core", "edge"], device.Tags);
    }

    [Fact]
    public void Every_broken_field_is_reported_at_once()
    {
        var (device, errors) = DeviceRules.Check(new DeviceInput
        {
            Name = "", Address = "nope nope", Kind = "toaster", Platform = "Bad Platform!", Tags = ["ok", "not ok"], PingIntervalSeconds = 0,
        });

        Assert.Null(device);
        Assert.Equal(["address", "kind", "name", "pingIntervalSeconds", "platform", "tags"], errors.Keys.Order());
    }

    [Theory]
    [InlineData(99.95, true)]
    [InlineData(100.0, true)]
    [InlineData(50.0, true)]
    [InlineData(49.9, false)]
    [InlineData(100.1, false)]
    [InlineData(double.NaN, false)]
    public void An_availability_target_is_a_percentage_from_50_to_100(double slo, bool valid)
    {
        var (device, errors) = DeviceRules.Check(new DeviceInput { Name = "r1", Address = "192.0.2.1", Kind = "router", SloPercent = slo });
        Assert.Equal(valid, device is not null);
        Assert.Equal(valid ? [] : ["sloPercent"], errors.Keys);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(0, true)]
    [InlineData(720, true)]
    [InlineData(-1, false)]
    [InlineData(721, false)]
    public void Config_backup_hours_are_0_for_none_up_to_30_days_or_empty_for_the_default(int? hours, bool valid)
    {
        var (device, errors) = DeviceRules.Check(new DeviceInput { Name = "r1", Address = "192.0.2.1", Kind = "router", ConfigBackupHours = hours });
        Assert.Equal((valid, hours), (device is not null, device?.ConfigBackupHours ?? hours));
        Assert.Equal(valid ? [] : ["configBackupHours"], errors.Keys);
    }

    [Theory]
    [InlineData("up", true)]
    [InlineData(" Down ", true)]
    [InlineData("2", false)]
    [InlineData("-1", false)]
    [InlineData("Sideways", false)]
    [InlineData(null, false)]
    public void Enum_values_are_read_by_name_only(string? text, bool valid) =>
        Assert.Equal(valid, EnumText.TryParse<DeviceState>(text, out _));
}
