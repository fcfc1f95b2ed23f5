using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Sotp.Core.Persistence;

namespace Sotp.Tests.Support;

/// <summary>
/// A bUnit context with MudBlazor, loose JS interop and a real SQLite database in a temp folder
/// (services that need data get the real thing, not a mock).
/// </summary>
public abstract class SotpComponentContext : BunitContext
{
    private readonly TempDirectory _folder = new("sotp-bunit");

    protected SotpComponentContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Contexts = new SotpDbContextFactory(DatabaseProvider.Sqlite, $"Data Source={_folder.File("ui.db")};Pooling=false", 30);
        using (var db = Contexts.CreateDbContext())
        {
            db.Database.Migrate();
        }

        Services.AddSingleton<IDbContextFactory<SotpDbContext>>(Contexts);
    }

    /// <summary>Call once the services are in place: components then render as in a live circuit.</summary>
    protected void RenderAsInteractiveServer() =>
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

    protected SotpDbContextFactory Contexts { get; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _folder.Dispose();
        }
    }
}
