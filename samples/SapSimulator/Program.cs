// An SAP-shaped OData V2 service: `dotnet run --project samples/SapSimulator -- --urls http://127.0.0.1:5090`.
await SapSimulator.SapSimulatorApp.Build(args).RunAsync();
