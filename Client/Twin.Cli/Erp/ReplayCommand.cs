using System.CommandLine;
using System.Text.Json;
using Twin.Cli.Api;
using Twin.Cli.Output;

namespace Twin.Cli.Erp;

/// <summary>
/// <c>twin erp replay &lt;key&gt;... | --all [--wait]</c> (admin key): puts dead letters back in the plant's ERP queue
/// after their cause was fixed in the ERP. With <c>--wait</c> it follows the queue until the replayed transactions
/// are booked or rejected again, with a progress line on stderr every few seconds.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var options = new ApiOptions(environment);
        var keys = new Argument<string[]>("key") { Description = "Idempotency keys of the dead letters (see twin erp dead-letters).", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Replay every dead letter of the plant." };
        var wait = new Option<bool>("--wait") { Description = "Follow the queue until the replayed transactions are booked or rejected again (progress on stderr)." };
        var waitLimit = new Option<int>("--wait-limit")
        {
            Description = "Seconds --wait follows the queue at most.",
            DefaultValueFactory = _ => 600,
            Validators = { IntRange.Check(1, 86_400, "--wait-limit must be 1..86400 seconds.") },
        };
        var command = new Command("replay", "Put dead letters back in the ERP queue after their cause was fixed in the ERP (admin key).") { keys };
        options.AddTo(command);
        command.Options.Add(all);
        command.Options.Add(wait);
        command.Options.Add(waitLimit);
        command.Validators.Add(r =>
        {
            var given = r.GetValue(keys)?.Length ?? 0;
            if (r.GetValue(all) == (given > 0))
            {
                r.AddError(given > 0 ? "Give dead-letter keys or --all, not both." : "Give the keys of the dead letters to replay, or --all.");
            }
        });
        command.SetAction((parse, ct) => ApiCommandRunner.RunAsync(parse, options, async (api, token) =>
        {
            var progress = new ReplayProgress(api.Error);
            var before = parse.GetValue(wait) ? await ErpFigures.ReadAsync(api, token) : null;
            var (replayed, failed) = parse.GetValue(all)
                ? (await ReplayAllAsync(api, token), 0)
                : await ReplayKeysAsync(api, parse.GetValue(keys)!, progress, token);

            if (api.Json)
            {
                await JsonOutput.WriteAsync(api.Output, JsonSerializer.SerializeToElement(new { plant = api.Plant, replayed, failed }));
            }
            else
            {
                await api.Output.WriteLineAsync($"Replayed {replayed} dead letter(s) of plant '{api.Plant}'{(failed > 0 ? $"; {failed} could not be replayed" : string.Empty)}.");
            }

            if (before is not null && replayed > 0)
            {
                var settled = await progress.FollowAsync(api, before, replayed, TimeSpan.FromSeconds(parse.GetValue(waitLimit)), token);
                if (!settled)
                {
                    return TwinCommandLine.Failed;
                }
            }

            return failed > 0 ? TwinCommandLine.Failed : 0;
        }, ct));
        return command;
    }

    private static async Task<int> ReplayAllAsync(ApiContext api, CancellationToken cancellationToken)
    {
        var answer = await api.Client.PostAsync(api.PlantPath("erp/dead-letters/replay"), cancellationToken);
        return answer.Body.GetProperty("replayed").GetInt32();
    }

    /// <summary>One POST per key; a key that fails is said on stderr and the others still go.</summary>
    private static async Task<(int Replayed, int Failed)> ReplayKeysAsync(ApiContext api, string[] keys, ReplayProgress progress, CancellationToken cancellationToken)
    {
        var replayed = 0;
        var failed = 0;
        foreach (var key in keys)
        {
            try
            {
                await api.Client.PostAsync(api.PlantPath($"erp/dead-letters/{ApiContext.Segment(key)}/replay"), cancellationToken);
                replayed++;
            }
            catch (CliFailure failure) when (ProblemText.IsNotFound(failure) || failure.Status is 400 or 503)
            {
                failed++;
                await api.Error.WriteLineAsync(ProblemText.IsNotFound(failure)
                    ? $"No dead letter '{key}' in plant '{api.Plant}' (404 {failure.Code}); it may have been replayed already: twin erp dead-letters --plant {api.Plant}"
                    : $"{key}: {failure.Message}");
            }

            await progress.ReportSentAsync(replayed + failed, keys.Length);
        }

        return (replayed, failed);
    }
}
