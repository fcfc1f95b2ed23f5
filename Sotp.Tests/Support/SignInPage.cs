using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Sotp.Tests.Support;

/// <summary>
/// Drives the static account pages (sign-in, setup) over HTTP like a browser without JavaScript:
/// fetches the form for its antiforgery token, then posts the fields. Keeps the cookies it is given.
/// </summary>
public sealed partial class SignInPage(SotpAppFactory app)
{
    public HttpClient Client { get; } = app.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    /// <summary>Posts the sign-in form; returns the page HTML, or "redirect:{target}".</summary>
    public Task<string> PostAsync(string userName, string password, string returnUrl = "") =>
        PostFormAsync(
            "/account/login" + (returnUrl.Length > 0 ? "?returnUrl=" + Uri.EscapeDataString(returnUrl) : ""),
            "login",
            new() { ["Input.UserName"] = userName, ["Input.Password"] = password });

    /// <summary>Posts a static form of <paramref name="url"/>; returns the page HTML, or "redirect:{target}".</summary>
    public async Task<string> PostFormAsync(string url, string formName, Dictionary<string, string> fields)
    {
        var ct = TestContext.Current.CancellationToken;
        var form = await Client.GetStringAsync(url, ct);
        fields["_handler"] = formName;
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryField().Match(form).Groups[1].Value);
        var response = await Client.PostAsync(url, new FormUrlEncodedContent(fields), ct);
        return response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found
            ? "redirect:" + SiteRelative(response.Headers.Location!)
            : await response.Content.ReadAsStringAsync(ct);
    }

    // The test server's own host is shown as a path; any other host stays visible.
    private static string SiteRelative(Uri location) =>
        location.IsAbsoluteUri && location.Host == "localhost" ? location.PathAndQuery : location.OriginalString;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
