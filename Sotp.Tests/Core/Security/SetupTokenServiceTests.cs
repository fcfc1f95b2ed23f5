using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sotp.Core.Persistence;
using Sotp.Core.Security;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Security;

public sealed class SetupTokenServiceTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
    private SotpDbContextFactory _contexts = null!;
    private SetupTokenService _service = null!;

    public async ValueTask InitializeAsync()
    {
        _contexts = new SotpDbContextFactory(DatabaseProvider.Sqlite, $"Data Source={_folder.File("t.db")}", 30);
        await using var db = _contexts.CreateDbContext();
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        _service = new SetupTokenService(_contexts, Options.Create(new BootstrapOptions { SetupTokenLifetimeMinutes = 60 }), _time);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_fresh_token_is_valid_and_only_its_hash_is_stored()
    {
        var token = await _service.IssueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(SetupTokenState.Valid, await _service.CheckAsync(token, TestContext.Current.CancellationToken));
        await using var db = _contexts.CreateDbContext();
        var row = await db.SetupTokens.SingleAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(token, row.TokenHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_dies_once_used()
    {
        var token = await _service.IssueAsync(TestContext.Current.CancellationToken);

        Assert.True(await _service.TryConsumeAsync(token, TestContext.Current.CancellationToken));
        Assert.False(await _service.TryConsumeAsync(token, TestContext.Current.CancellationToken));
        Assert.Equal(SetupTokenState.Used, await _service.CheckAsync(token, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_token_expires_after_its_lifetime()
    {
        var token = await _service.IssueAsync(TestContext.Current.CancellationToken);

        _time.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal(SetupTokenState.Expired, await _service.CheckAsync(token, TestContext.Current.CancellationToken));
        Assert.False(await _service.TryConsumeAsync(token, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    public async Task An_unknown_token_is_refused(string? token) =>
        Assert.Equal(SetupTokenState.Unknown, await _service.CheckAsync(token, TestContext.Current.CancellationToken));

    [Fact]
    public async Task A_released_token_can_be_used_again()
    {
        var token = await _service.IssueAsync(TestContext.Current.CancellationToken);
        await _service.TryConsumeAsync(token, TestContext.Current.CancellationToken);

        await _service.ReleaseAsync(token, TestContext.Current.CancellationToken);

        Assert.Equal(SetupTokenState.Valid, await _service.CheckAsync(token, TestContext.Current.CancellationToken));
    }
}
