using Bunit;
using Sotp.Console.Components.Pages.Account;
using Sotp.Tests.Support;

namespace Sotp.Tests.Components.Account;

public class LoginFormTests : SotpComponentContext
{
    [Fact]
    public void An_empty_submit_shows_a_message_at_each_field_and_does_not_sign_in()
    {
        var submitted = false;
        var form = Render<LoginForm>(p => p
            .Add(f => f.Input, new LoginInput())
            .Add(f => f.OnValidSubmit, () => submitted = true));

        form.Find("form").Submit();

        Assert.False(submitted);
        var messages = form.FindAll(".validation-message").Select(m => m.TextContent).ToArray();
        Assert.Equal(["Enter your user name.", "Enter your password."], messages);
    }

    [Fact]
    public void A_filled_form_submits()
    {
        var submitted = false;
        var form = Render<LoginForm>(p => p
            .Add(f => f.Input, new LoginInput())
            .Add(f => f.OnValidSubmit, () => submitted = true));

        form.Find("#login-user").Change("alice");
        form.Find("#login-password").Change("a long enough passphrase");
        form.Find("form").Submit();

        Assert.True(submitted);
    }

    [Fact]
    public void The_error_is_shown_as_text_never_as_markup()
    {
        var form = Render<LoginForm>(p => p
            .Add(f => f.Input, new LoginInput())
            .Add(f => f.Error, "<script>alert(1)</script>"));

        Assert.Equal("<script>alert(1)</script>", form.Find("[data-testid=login-error]").TextContent.Trim());
        Assert.Empty(form.FindAll("script"));
    }

    [Fact]
    public void The_fields_help_password_managers_and_keyboards()
    {
        var form = Render<LoginForm>(p => p.Add(f => f.Input, new LoginInput()));

        Assert.Equal("username", form.Find("#login-user").GetAttribute("autocomplete"));
        Assert.Equal("current-password", form.Find("#login-password").GetAttribute("autocomplete"));
        Assert.Equal("password", form.Find("#login-password").GetAttribute("type"));
        Assert.Equal("login-user", form.Find("label[for=login-user]").GetAttribute("for"));
        Assert.Equal("submit", form.Find("[data-testid=login-submit]").GetAttribute("type"));
    }
}
