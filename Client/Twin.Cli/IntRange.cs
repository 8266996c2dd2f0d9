using System.CommandLine.Parsing;
using System.Globalization;

namespace Twin.Cli;

/// <summary>
/// Range checks for whole-number options. A value that is not a number is left to the parser's own error
/// ("Cannot parse argument 'x' …"): reading it in a validator threw and crashed the tool with a stack trace.
/// </summary>
internal static class IntRange
{
    public static Action<OptionResult> Check(int min, int max, string message) => result =>
    {
        if (result.Tokens.Count == 0)
        {
            return; // the default, which is in range
        }

        if (int.TryParse(result.Tokens[^1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && (value < min || value > max))
        {
            result.AddError(message);
        }
    };
}
