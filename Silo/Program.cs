using Twin.Hosting;
using Twin.Hosting.CommandLine;

// `Twin.Silo` runs a silo (embedded default, or PostgreSQL when ConnectionStrings:Twin is set);
// `Twin.Silo db migrate` creates or upgrades the PostgreSQL schema. Registration lives in Twin.Hosting.
return await TwinSiloCommandLine.InvokeAsync(args, async (settings, cancellationToken) =>
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
    builder.Configuration.AddInMemoryCollection(settings);
    builder.AddTwinPlatform();

    var app = builder.Build();
    app.MapTwinPlatform();
    await app.RunTwinAsync(cancellationToken);
});
