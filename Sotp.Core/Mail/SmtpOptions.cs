using System.ComponentModel.DataAnnotations;

namespace Sotp.Core.Mail;

/// <summary>
/// <c>Sotp:Smtp</c>: the mail server SOTP sends through (alert notifications, reports). No host: no e-mail. The
/// password is a secret reference (<c>env:NAME</c>, <c>file:/path</c>, <c>vault:path#key</c>), never a literal.
/// </summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Sotp:Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>"starttls" (when the server offers it), "tls" (implicit, port 465) or "none".</summary>
    [RegularExpression("^(starttls|tls|none)$")]
    public string Security { get; set; } = "starttls";

    [EmailAddress]
    public string From { get; set; } = "sotp@localhost";

    public string? UserName { get; set; }

    /// <summary>A secret reference for the password.</summary>
    public string? PasswordSecret { get; set; }

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;
}
