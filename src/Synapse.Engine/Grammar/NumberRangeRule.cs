using System.Globalization;

namespace Synapse.Engine.Grammar;

/// <summary>
/// GBNF for the decimal numbers within bounds (JSON Schema's <c>minimum</c>, <c>maximum</c>,
/// <c>exclusiveMinimum</c>, <c>exclusiveMaximum</c> on <c>type: number</c>), which llama.cpp's converter does not
/// enforce. A number is written <c>-?int(.frac)?</c>, without an exponent, with at most 16 fraction digits. The integer
/// part splits the range: the bounds' own integer parts take a fraction compared digit by digit with the bound's
/// fraction (so a value equal to an exclusive bound cannot be written, <c>0.5</c> and <c>0.50</c> alike), the integers
/// strictly between take any fraction (<see cref="IntegerRangeRule"/>). Negative numbers are the same range mirrored
/// behind a <c>-</c>, and never <c>-0</c>.
/// </summary>
internal static class NumberRangeRule
{
    private const int MaxFractionDigits = 16;

    /// <summary>An expression for the numbers within the bounds; null when no number lies within them.</summary>
    public static string? Build(Bound? lower, Bound? upper)
    {
        if (lower is null && upper is null)
        {
            throw new ArgumentException("At least one bound is needed.");
        }

        if (lower is { } l && upper is { } u && (l.Value > u.Value || (l.Value == u.Value && !(l.Inclusive && u.Inclusive))))
        {
            return null;
        }

        var alternatives = new List<string>();

        // x ≥ 0: from the lower bound (or 0) to the upper bound.
        if (upper is not { } top || top.Value > 0 || (top.Value == 0 && top.Inclusive))
        {
            var from = lower is { Value: >= 0 } bottom ? bottom : new Bound(0, Inclusive: true);
            if (NonNegative(from, upper) is { } positive)
            {
                alternatives.Add(positive);
            }
        }

        // x < 0, written as "-" y with y > 0: from the upper bound's mirror (or just above 0) to the lower bound's.
        if (lower is not { } low || low.Value < 0)
        {
            var from = upper is { Value: < 0 } high ? new Bound(-high.Value, high.Inclusive) : new Bound(0, Inclusive: false);
            var to = lower is { } least ? new Bound(-least.Value, least.Inclusive) : (Bound?)null;
            if (NonNegative(from, to) is { } negative)
            {
                alternatives.Add("\"-\" (" + negative + ")");
            }
        }

        return alternatives.Count == 0 ? null : string.Join(" | ", alternatives.Select(a => "(" + a + ")"));
    }

    /// <summary>The numbers y ≥ 0 within <paramref name="lower"/> (≥ 0) and <paramref name="upper"/>, without a sign.</summary>
    private static string? NonNegative(Bound lower, Bound? upper)
    {
        var (lowInteger, lowFraction) = Split(lower.Value);
        var alternatives = new List<string>();
        if (upper is { } top)
        {
            var (highInteger, highFraction) = Split(top.Value);
            if (lowInteger == highInteger)
            {
                Add(alternatives, lowInteger, Fraction(new Tight(lowFraction, lower.Inclusive), new Tight(highFraction, top.Inclusive)));
                return Join(alternatives);
            }

            Add(alternatives, lowInteger, Fraction(new Tight(lowFraction, lower.Inclusive), null));
            if (lowInteger + 1 <= highInteger - 1)
            {
                alternatives.Add("(" + IntegerRangeRule.Build(lowInteger + 1, highInteger - 1) + ") " + AnyFraction);
            }

            Add(alternatives, highInteger, Fraction(null, new Tight(highFraction, top.Inclusive)));
            return Join(alternatives);
        }

        Add(alternatives, lowInteger, Fraction(new Tight(lowFraction, lower.Inclusive), null));
        alternatives.Add("(" + IntegerRangeRule.Build(lowInteger + 1, null) + ") " + AnyFraction);
        return Join(alternatives);
    }

    private static string AnyFraction => "(\".\" [0-9]{1," + MaxFractionDigits + "})?";

    private static string? Join(List<string> alternatives) => alternatives.Count == 0 ? null : string.Join(" | ", alternatives);

    private static void Add(List<string> alternatives, long integer, string? fraction)
    {
        if (fraction is not null)
        {
            var literal = "\"" + integer.ToString(CultureInfo.InvariantCulture) + "\"";
            alternatives.Add(fraction.Length == 0 ? literal : literal + " " + fraction);
        }
    }

    /// <summary>
    /// The fraction part (<c>.digits</c>, or nothing for .0) whose value f lies within the tight bounds' fractions: f ≥
    /// (or >) 0.<paramref name="lower"/>, f ≤ (or <) 0.<paramref name="upper"/>. "" when only "no fraction" fits,
    /// null when nothing does.
    /// </summary>
    private static string? Fraction(Tight? lower, Tight? upper)
    {
        var digits = Digits(0, lower, upper);
        var withDot = digits.Alternatives.Count == 0 ? null : "\".\" (" + string.Join(" | ", digits.Alternatives) + ")";
        return (withDot, digits.MayEnd) switch
        {
            (null, true) => "",
            (null, false) => null,
            (_, true) => "(" + withDot + ")?",
            _ => withDot,
        };
    }

    /// <summary>
    /// The fraction digits from position <paramref name="i"/> on, given that the digits so far equal the tight
    /// bounds' (a bound no longer tight is null): non-empty alternatives, and whether ending here is allowed.
    /// </summary>
    private static (List<string> Alternatives, bool MayEnd) Digits(int i, Tight? lower, Tight? upper)
    {
        // Ending here pads with zeros: equal to a tight bound once past its digits (its inclusiveness decides), below
        // it before (a bound's fraction has no trailing zero).
        var mayEnd = (lower is not { } l || (i >= l.Digits.Length && l.Inclusive))
            && (upper is not { } u || i < u.Digits.Length || u.Inclusive);
        if (i == MaxFractionDigits)
        {
            return ([], mayEnd);
        }

        if (lower is null && upper is null)
        {
            return (["[0-9]{1," + (MaxFractionDigits - i) + "}"], true);
        }

        var low = lower is { } tightLow ? DigitAt(tightLow.Digits, i) : 0;
        var high = upper is { } tightHigh ? DigitAt(tightHigh.Digits, i) : 9;
        var alternatives = new List<string>();
        for (var d = low; d <= high; d++)
        {
            // Digits strictly between the bounds' free the rest; the bounds' own digits keep them tight.
            var stillLow = lower is not null && d == low ? lower : null;
            var stillHigh = upper is not null && d == high ? upper : null;
            if (stillLow is null && stillHigh is null)
            {
                var last = d;
                while (last + 1 <= high && !(upper is not null && last + 1 == high))
                {
                    last++;
                }

                var digitClass = last == d ? "[" + d + "]" : "[" + d + "-" + last + "]";
                var left = MaxFractionDigits - i - 1;
                alternatives.Add(left == 0 ? digitClass : digitClass + " [0-9]{0," + left + "}");
                d = last;
                continue;
            }

            var rest = Digits(i + 1, stillLow, stillHigh);
            var tail = rest.Alternatives.Count == 0 ? null : "(" + string.Join(" | ", rest.Alternatives) + ")" + (rest.MayEnd ? "?" : "");
            if (tail is null && !rest.MayEnd)
            {
                continue;
            }

            alternatives.Add("[" + d + "]" + (tail is null ? "" : " " + tail));
        }

        return (alternatives, mayEnd);
    }

    private static int DigitAt(string digits, int i) => i < digits.Length ? digits[i] - '0' : 0;

    /// <summary>The integer part and the fraction's digits (no trailing zero) of <paramref name="value"/> ≥ 0.</summary>
    private static (long Integer, string Fraction) Split(decimal value)
    {
        var integer = decimal.Truncate(value);
        var fraction = (value - integer).ToString(CultureInfo.InvariantCulture);
        var dot = fraction.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? "" : fraction[(dot + 1)..].TrimEnd('0');
        if (digits.Length > MaxFractionDigits)
        {
            throw new UnsupportedSchemaException("minimum", $"A number bound may have at most {MaxFractionDigits} decimals.");
        }

        return ((long)integer, digits);
    }

    /// <summary>A bound on a number: its value and whether the value itself is allowed.</summary>
    public readonly record struct Bound(decimal Value, bool Inclusive);

    private sealed record Tight(string Digits, bool Inclusive);
}
