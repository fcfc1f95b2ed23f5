using Sotp.Console.Hosting;
using Sotp.Collectors;
using Sotp.Core;
using Sotp.Core.Cluster;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddSotpSecretFiles();
var roles = NodeRoleConfiguration.Read(builder.Configuration);
builder.Services.AddSotpCore(builder.Configuration, builder.Environment);
builder.Services.AddSotpEngines();
if (roles.HasFlag(NodeRoles.Collectors))
{
    builder.Services.AddSotpCollectors(builder.Configuration, builder.Environment);
}

builder.Services.AddSotpConsole(roles);
builder.Services.AddSotpTelemetry(builder.Configuration, roles);

var app = builder.Build();
await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
app.UseSotpConsole(roles);
await app.RunAsync();

/// <summary>The console host; public so tests can boot it with WebApplicationFactory.</summary>
public partial class Program;
