using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;
using Sotp.Core.Security;

namespace Sotp.Console.Components;

/// <summary>The HTML document: interactive server rendering everywhere except the static account pages.</summary>
public partial class App
{
    [CascadingParameter]
    public required HttpContext HttpContext { get; set; }

    [Inject]
    public required IOptions<SecurityOptions> Security { get; init; }

    private IComponentRenderMode? PageRenderMode =>
        HttpContext.AcceptsInteractiveRouting() ? RenderMode.InteractiveServer : null;

    private string Nonce => Hosting.SecurityHeaders.Nonce(HttpContext);

    // Keep the sliding session cookie fresh while the person is active: three times per idle window.
    private int KeepAliveSeconds => Security.Value.IdleTimeoutMinutes * 60 / 3;
}
