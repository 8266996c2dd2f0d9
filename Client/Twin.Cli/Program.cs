using Twin.Cli;

// `twin`: the command-line tool for plant engineers and operators. Command groups live in
// TwinCommandLine; this file only runs them.
return await TwinCommandLine.InvokeAsync(args);
