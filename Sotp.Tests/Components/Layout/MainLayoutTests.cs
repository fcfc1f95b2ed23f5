using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Console.Components.Layout;
using Sotp.Core.Persistence;
using Sotp.Core.Security;
using Sotp.Tests.Support;

namespace Sotp.Tests.Components.Layout;

public class MainLayoutTests : SotpComponentContext
{
    private readonly SotpUser _user = new("alice") { PrefersDarkMode = true };
    private readonly PermissionMap _permissions;

    public MainLayoutTests()
    {
        Services.AddSingleton<UserPreferenceStore>();
        _permissions = AddSecurity();
        using (var db = Contexts.CreateDbContext())
        {
            db.Users.Add(_user);
            db.SaveChanges();
        }

        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetRoles(SotpRoles.Engineer, SotpRoles.Auditor);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _user.Id));
        RenderAsInteractiveServer();
    }

    private IRenderedComponent<MainLayout> RenderLayout(RenderFragment body) =>
        Render<MainLayout>(p => p.Add(l => l.Body, body));

    [Fact]
    public async Task A_role_that_requires_two_factor_sees_only_the_set_up_prompt_until_signed_in_with_a_code()
    {
        await _permissions.SetTwoFactorRequiredAsync(SotpRoles.Auditor, true, TestActor, Xunit.TestContext.Current.CancellationToken);

        var layout = RenderLayout(b => b.AddMarkupContent(0, "<p id='page'>page body</p>"));

        Assert.Contains("requires two-factor sign-in", layout.Find("[data-testid=two-factor-required]").TextContent, StringComparison.Ordinal);
        Assert.Empty(layout.FindAll("#page"));
    }

    [Fact]
    public void A_database_outage_shows_a_banner_on_the_page_while_it_lasts()
    {
        var layout = RenderLayout(b => b.AddMarkupContent(0, "<p id='page'>page body</p>"));
        Assert.Empty(layout.FindAll("[data-testid=database-banner]"));

        Database.Feed.Publish(DatabaseAvailability.Key, new DatabaseState(false, DateTimeOffset.UtcNow, "The database does not answer."));

        layout.WaitForAssertion(() =>
        {
            Assert.Contains("live status continues", layout.Find("[data-testid=database-banner]").TextContent, StringComparison.Ordinal);
            Assert.Equal("page body", layout.Find("#page").TextContent);
        });

        Database.Feed.Publish(DatabaseAvailability.Key, new DatabaseState(true, DateTimeOffset.UtcNow, null));

        layout.WaitForAssertion(() => Assert.Empty(layout.FindAll("[data-testid=database-banner]")));
    }

    [Fact]
    public void The_outage_banner_says_what_waits_in_memory_and_what_was_dropped_to_make_room()
    {
        var layout = RenderLayout(b => b.AddMarkupContent(0, "<p id='page'>page body</p>"));
        var down = new DatabaseState(false, DateTimeOffset.UtcNow, "The database does not answer.")
        {
            Waiting = [new WaitingWrites(RecordKind.StateChanges, 1, 100_000, 0), new WaitingWrites(RecordKind.MetricSamples, 1_000_000, 2_000_000, 0)],
        };

        Database.Feed.Publish(DatabaseAvailability.Key, down);

        layout.WaitForAssertion(() => Assert.Equal(
            "Waiting in memory: 1 state change (under 0.1% of room), 1,000,000 metric samples (50% of room).",
            layout.Find("[data-testid=database-waiting]").TextContent.Trim()));
        Assert.Empty(layout.FindAll("[data-testid=database-dropped]"));

        Database.Feed.Publish(DatabaseAvailability.Key, down with
        {
            Waiting = [new WaitingWrites(RecordKind.StateChanges, 40, 100_000, 0), new WaitingWrites(RecordKind.MetricSamples, 2_000_000, 2_000_000, 5_400)],
        });

        layout.WaitForAssertion(() => Assert.Equal(
            "Dropped to make room, oldest first: 5,400 metric samples.", layout.Find("[data-testid=database-dropped]").TextContent.Trim()));
        Assert.Contains("mud-alert-text-error", layout.Find("[data-testid=database-banner]").ClassName ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_navigation_and_the_page()
    {
        var layout = RenderLayout(b => b.AddMarkupContent(0, "<p id='page'>page body</p>"));

        Assert.Equal("page body", layout.Find("#page").TextContent);
        Assert.Equal("true", layout.Find(".mud-layout").GetAttribute("data-interactive"));
        Assert.Contains(layout.FindAll("a.mud-nav-link"), a => a.TextContent.Contains("Dashboard", StringComparison.Ordinal));
    }

    [Fact]
    public void The_user_menu_names_the_user_and_offers_sign_out_with_antiforgery()
    {
        var layout = RenderLayout(_ => { });

        Assert.Contains("alice", layout.Find("[data-testid=user-menu]").TextContent, StringComparison.Ordinal);
        layout.Find("[data-testid=user-menu] button").Click();

        var form = layout.WaitForElement("form[action='account/logout']");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Contains("Auditor, Engineer", layout.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switching_to_light_mode_is_remembered_for_the_user()
    {
        var layout = RenderLayout(_ => { });

        await layout.Find("[data-testid=theme-toggle]").ClickAsync(new());

        await using var db = Contexts.CreateDbContext();
        Assert.False((await db.Users.SingleAsync(u => u.Id == _user.Id, Xunit.TestContext.Current.CancellationToken)).PrefersDarkMode);
        Assert.Equal("Switch to dark mode", layout.Find("[data-testid=theme-toggle]").GetAttribute("aria-label"));
    }

    [Fact]
    public void A_failing_page_shows_a_plain_message_and_keeps_the_shell()
    {
        var layout = RenderLayout(b =>
        {
            b.OpenComponent<Thrower>(0);
            b.CloseComponent();
        });

        Assert.Contains("Something went wrong on this page", layout.Find("[data-testid=page-error]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("secret detail", layout.Markup, StringComparison.Ordinal);
        Assert.NotEmpty(layout.FindAll("a.mud-nav-link"));
    }

    private sealed class Thrower : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("secret detail");
    }
}
