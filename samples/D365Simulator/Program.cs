// A D365 SCM-shaped MES integration service: `dotnet run --project samples/D365Simulator -- --urls http://127.0.0.1:5091`.
await D365Simulator.D365SimulatorApp.Build(args).RunAsync();
