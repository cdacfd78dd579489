using Bulwark.Server.Api;
using Bulwark.Server.Browser;
using Bulwark.Server.Cli;
using Bulwark.Server.Demo;
using Bulwark.Server.Hosting;
using Bulwark.Server.Legacy;
using Bulwark.Server.Network;

if (BulwarkCli.Handles(args))
{
    return await BulwarkCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://localhost:8080");
}

builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Services.AddBulwarkCore(builder.Configuration);
builder.Services.AddBulwarkServer(builder.Configuration);

var app = builder.Build();
var startup = app.Services.GetRequiredService<StartupTasks>();
await startup.RunAsync(app.Lifetime.ApplicationStopping);

app.UseMiddleware<ClientAddressMiddleware>();
app.UseExceptionHandler(ServerErrors.Options(app.Services.GetRequiredService<Bulwark.Core.Storage.StoreOutageLog>()));
app.UseRateLimiter();

app.MapGet("/healthz", () => TypedResults.Text("ok"));
app.MapBrowserEndpoints();
app.MapV1Endpoints();
app.MapSiteverifyEndpoints();
if (startup.DemoSiteKey is { } demoKey)
{
    app.MapDemoEndpoints(demoKey);
    app.MapGet("/", () => TypedResults.Redirect("/demo"));
}

await app.RunAsync();
return 0;
