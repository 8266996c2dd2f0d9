using Twin.Demo;

// The whole flow in one command: `dotnet run --project samples/Demo`.
// Plant simulator (OPC UA) -> Twin silo on the embedded default (ingest, twins, ERP sync) -> ERP simulator.
// Ctrl+C stops everything.
return await DemoRun.RunAsync(args);
