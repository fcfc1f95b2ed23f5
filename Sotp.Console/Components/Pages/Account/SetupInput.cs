using System.ComponentModel.DataAnnotations;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Account;

/// <summary>What the first-run setup form posts.</summary>
public sealed class SetupInput
{
    public string Token { get; set; } = "";

    [Required(ErrorMessage = "Choose a user name.")]
    [StringLength(64, ErrorMessage = "Use at most 64 characters.")]
    [RegularExpression("^[A-Za-z0-9._@-]+$", ErrorMessage = "Use letters, digits and . _ @ - only.")]
    public string UserName { get; set; } = BootstrapOptions.AdminUserName;

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(PasswordPolicy.MaximumLength, MinimumLength = PasswordPolicy.MinimumLength,
        ErrorMessage = "Use 12 to 128 characters; a passphrase of a few words is easiest.")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Repeat the password.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    public string ConfirmPassword { get; set; } = "";
}
