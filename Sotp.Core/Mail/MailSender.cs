using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Sotp.Core.Secrets;

namespace Sotp.Core.Mail;

/// <summary>Sends a message through the configured SMTP server (<see cref="SmtpOptions"/>); throws with the server's words when it cannot.</summary>
public sealed class MailSender(IOptionsMonitor<SmtpOptions> options, ISecretStore secrets)
{
    public bool Configured => !string.IsNullOrWhiteSpace(options.CurrentValue.Host);

    public async Task SendAsync(IEnumerable<string> to, string subject, string text, IReadOnlyList<(string Name, byte[] Content, string MediaType)>? attachments,
        CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        if (!Configured)
        {
            throw new InvalidOperationException("No mail server is configured (Sotp:Smtp:Host).");
        }

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        message.To.AddRange(to.Select(MailboxAddress.Parse));
        message.Subject = subject;
        var body = new BodyBuilder { TextBody = text };
        foreach (var (name, content, mediaType) in attachments ?? [])
        {
            body.Attachments.Add(name, content, ContentType.Parse(mediaType));
        }

        message.Body = body.ToMessageBody();
        using var client = new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
        var security = o.Security switch
        {
            "tls" => SecureSocketOptions.SslOnConnect,
            "none" => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        await client.ConnectAsync(o.Host!, o.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(o.UserName))
        {
            var password = o.PasswordSecret is { Length: > 0 } reference ? await secrets.ResolveAsync(reference, cancellationToken) : "";
            await client.AuthenticateAsync(o.UserName, password, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
