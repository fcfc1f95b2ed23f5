using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Identity;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Account;

internal enum SetupPageState
{
    Form,
    BadToken,
    Complete,
}

/// <summary>
/// First run without a bootstrap secret: the holder of the one-time token from the log creates the
/// administrator. The token dies once used, and the page closes for good once an administrator exists.
/// </summary>
public partial class Setup
{
    private SetupPageState _state;
    private string? _tokenProblem;
    private string? _error;
    private EditContext _editContext = null!;
    private ValidationMessageStore _messages = null!;

    [SupplyParameterFromForm(FormName = "setup")]
    public SetupInput? Input { get; set; }

    [SupplyParameterFromQuery(Name = "token")]
    public string? Token { get; set; }

    [Inject]
    public required SetupTokenService SetupTokens { get; init; }

    [Inject]
    public required AdministratorBootstrap Bootstrap { get; init; }

    [Inject]
    public required SignInManager<SotpUser> SignIn { get; init; }

    [Inject]
    public required UserManager<SotpUser> Users { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required ILogger<Setup> Logger { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new SetupInput { Token = Token ?? "" };
        _editContext = new EditContext(Input);
        _messages = new ValidationMessageStore(_editContext);
        _editContext.OnValidationRequested += (_, _) => CheckPasswordPolicy();

        if (await Bootstrap.AdministratorExistsAsync())
        {
            _state = SetupPageState.Complete;
            return;
        }

        _tokenProblem = await SetupTokens.CheckAsync(Input.Token, CancellationToken.None) switch
        {
            SetupTokenState.Valid => null,
            SetupTokenState.Expired => "This setup link has expired.",
            SetupTokenState.Used => "This setup link was already used.",
            _ => "This setup link is not valid. Copy the whole link from the server log.",
        };
        _state = _tokenProblem is null ? SetupPageState.Form : SetupPageState.BadToken;
        if (_tokenProblem is not null)
        {
            LogBadToken(Logger, _tokenProblem);
        }
    }

    private void CheckPasswordPolicy()
    {
        _messages.Clear();
        var field = _editContext.Field(nameof(SetupInput.Password));
        if (Input!.Password.Length >= PasswordPolicy.MinimumLength)
        {
            _messages.Add(field, PasswordPolicy.Check(Input.Password, Input.UserName));
        }
    }

    private async Task CreateAsync()
    {
        var input = Input!;
        if (!await SetupTokens.TryConsumeAsync(input.Token, CancellationToken.None))
        {
            _state = SetupPageState.BadToken;
            _tokenProblem = "This setup link was used or expired a moment ago.";
            return;
        }

        var result = await Bootstrap.CreateAdministratorAsync(input.UserName, input.Password);
        if (!result.Succeeded)
        {
            await SetupTokens.ReleaseAsync(input.Token, CancellationToken.None);
            _error = string.Join(" ", result.Errors.Select(e => e.Description));
            return;
        }

        LogAdministratorCreated(Logger, input.UserName);
        var user = await Users.FindByNameAsync(input.UserName);
        await SignIn.SignInAsync(user!, isPersistent: false);
        Navigation.NavigateTo("/");
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Setup page refused a token: {Problem}")]
    private static partial void LogBadToken(ILogger logger, string problem);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Administrator '{UserName}' created through the setup page")]
    private static partial void LogAdministratorCreated(ILogger logger, string userName);
}
