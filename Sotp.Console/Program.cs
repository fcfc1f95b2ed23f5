using Sotp.Console.Hosting;
using Sotp.Collectors;
using Sotp.Core;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddSotpSecretFiles();
builder.Services.AddSotpCore(builder.Configuration, builder.Environment);
builder.Services.AddSotpCollectors();
builder.Services.AddSotpConsole();

var app = builder.Build();
await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
app.UseSotpConsole();
await app.RunAsync();

/// <summary>The console host; public so tests can boot it with WebApplicationFactory.</summary>
public partial class Program;
