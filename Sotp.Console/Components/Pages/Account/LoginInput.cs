using System.ComponentModel.DataAnnotations;

namespace Sotp.Console.Components.Pages.Account;

/// <summary>What the sign-in form posts.</summary>
public sealed class LoginInput
{
    [Required(ErrorMessage = "Enter your user name.")]
    [StringLength(256, ErrorMessage = "The user name is too long.")]
    public string UserName { get; set; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(Sotp.Core.Security.PasswordPolicy.MaximumLength, ErrorMessage = "The password is too long.")]
    public string Password { get; set; } = "";
}
