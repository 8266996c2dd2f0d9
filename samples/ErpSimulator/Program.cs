// A cloud-ERP look-alike for demos and tests: `dotnet run --project samples/ErpSimulator -- --urls http://127.0.0.1:5080`.
await ErpSimulator.ErpSimulatorApp.Build(args).RunAsync();
