using System.Globalization;

namespace Twin.Samples.OData;

/// <summary>
/// A small OData <c>$filter</c> evaluator for the simulators: comparisons (eq ne gt ge lt le) of a property with a
/// literal, joined by and / or / not and parentheses. Literals: 'text' (a quote doubled), datetimeoffset'…' and
/// datetime'…' (OData V2), bare ISO instants (OData V4), numbers, true/false. Anything else is refused with a
/// <see cref="FormatException"/> naming it, the way a real service answers 400 to a filter it cannot parse.
/// </summary>
public sealed class ODataFilter
{
    private readonly Func<Func<string, object?>, bool> _test;

    private ODataFilter(Func<Func<string, object?>, bool> test) => _test = test;

    /// <summary>Every row passes an empty filter.</summary>
    public static ODataFilter Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ODataFilter(_ => true);
        }

        var parser = new Parser(Tokenize(text));
        var test = parser.Or();
        parser.End();
        return new ODataFilter(test);
    }

    /// <summary>True when the row, read through <paramref name="property"/> (null for a property it lacks), passes.</summary>
    public bool Matches(Func<string, object?> property) => _test(property);

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == '\'')
            {
                tokens.Add(QuotedAt(text, ref i));
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '(' and not ')' and not '\'')
                {
                    i++;
                }

                var word = text[start..i];
                // A typed literal: datetimeoffset'2026-…', datetime'…'.
                tokens.Add(i < text.Length && text[i] == '\'' ? word + QuotedAt(text, ref i) : word);
            }
        }

        return tokens;
    }

    private static string QuotedAt(string text, ref int i)
    {
        var start = i++;
        while (i < text.Length)
        {
            if (text[i] == '\'' && (i + 1 >= text.Length || text[i + 1] != '\''))
            {
                i++;
                return text[start..i];
            }

            i += text[i] == '\'' ? 2 : 1;
        }

        throw new FormatException($"$filter has an unclosed quote at position {start}");
    }

    private sealed class Parser(List<string> tokens)
    {
        private int _at;

        public Func<Func<string, object?>, bool> Or()
        {
            var left = And();
            while (Is("or"))
            {
                _at++;
                var l = left;
                var r = And();
                left = p => l(p) || r(p);
            }

            return left;
        }

        public void End()
        {
            if (_at < tokens.Count)
            {
                throw new FormatException($"$filter has an unexpected '{tokens[_at]}'");
            }
        }

        private Func<Func<string, object?>, bool> And()
        {
            var left = Unary();
            while (Is("and"))
            {
                _at++;
                var l = left;
                var r = Unary();
                left = p => l(p) && r(p);
            }

            return left;
        }

        private Func<Func<string, object?>, bool> Unary()
        {
            if (Is("not"))
            {
                _at++;
                var inner = Unary();
                return p => !inner(p);
            }

            if (Is("("))
            {
                _at++;
                var inner = Or();
                Expect(")");
                return inner;
            }

            var property = Next("a property name");
            var op = Next("an operator").ToLowerInvariant();
            var literal = Literal(Next("a value"));
            Func<int, bool> holds = op switch
            {
                "eq" => c => c == 0,
                "ne" => c => c != 0,
                "gt" => c => c > 0,
                "ge" => c => c >= 0,
                "lt" => c => c < 0,
                "le" => c => c <= 0,
                _ => throw new FormatException($"$filter operator '{op}' is not supported (eq, ne, gt, ge, lt, le)"),
            };
            return p => Compare(p(property), literal) is { } c ? holds(c) : op == "ne";
        }

        private static int? Compare(object? value, object literal) => (value, literal) switch
        {
            (string a, string b) => Math.Sign(string.CompareOrdinal(a, b)),
            (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
            (decimal a, decimal b) => a.CompareTo(b),
            (bool a, bool b) => a.CompareTo(b),
            _ => null,
        };

        private static object Literal(string token)
        {
            if (token.StartsWith('\''))
            {
                return token[1..^1].Replace("''", "'", StringComparison.Ordinal);
            }

            foreach (var prefix in new[] { "datetimeoffset'", "datetime'" })
            {
                if (token.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return Instant(token[prefix.Length..^1]);
                }
            }

            if (token is "true" or "false")
            {
                return token == "true";
            }

            if (token.Contains('T') && token.Contains(':'))
            {
                return Instant(token);
            }

            return decimal.TryParse(token.TrimEnd('M', 'm'), NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new FormatException($"$filter value '{token}' is not a literal (quote text: 'value')");
        }

        private static DateTimeOffset Instant(string text) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : throw new FormatException($"$filter instant '{text}' is not an ISO 8601 date and time");

        private bool Is(string word) => _at < tokens.Count && string.Equals(tokens[_at], word, StringComparison.OrdinalIgnoreCase);

        private void Expect(string word)
        {
            if (!Is(word))
            {
                throw new FormatException($"$filter expected '{word}'");
            }

            _at++;
        }

        private string Next(string what) =>
            _at < tokens.Count ? tokens[_at++] : throw new FormatException($"$filter ends where {what} was expected");
    }
}
