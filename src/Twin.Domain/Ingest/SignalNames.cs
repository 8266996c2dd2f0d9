using System.Text;

namespace Twin.Domain.Ingest;

/// <summary>
/// Tag maps name signals as PLC people write them ("GoodCount"); the machine twin knows kebab-case names
/// ("good-count"). Both spellings are accepted and mapped to the twin's.
/// </summary>
public static class SignalNames
{
    public static string Normalize(string signal)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signal);
        var text = new StringBuilder(signal.Length + 4);
        for (var i = 0; i < signal.Length; i++)
        {
            var c = signal[i];
            if (c is '_' or ' ' or '.')
            {
                c = '-';
            }

            if (char.IsUpper(c))
            {
                if (i > 0 && text.Length > 0 && text[^1] != '-' && !char.IsUpper(signal[i - 1]))
                {
                    text.Append('-');
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
