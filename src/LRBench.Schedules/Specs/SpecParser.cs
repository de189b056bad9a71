using System.Globalization;
using System.Text;

namespace LRBench.Schedules.Specs;

/// <summary>
/// The text form of a spec: <c>name(arg, key=value, ...)</c>. Values are numbers (<c>1e-3</c>), durations
/// (<c>100ba</c>, <c>8ep</c>, <c>0.2dur</c>), booleans, <c>null</c>, words or quoted strings, lists in brackets, and
/// nested specs. Errors name the column and what was expected.
/// </summary>
public static class SpecParser
{
    /// <summary>The longest spec parsed, in characters: far above any real spec.</summary>
    public const int MaxLength = 65536;

    /// <summary>How deeply policies and lists may nest: far above any real spec, far below what would exhaust the stack.</summary>
    public const int MaxDepth = 32;

    /// <summary>Parses the text form; throws a <see cref="SpecException"/> naming the column and what was expected.</summary>
    public static PolicySpec Parse(string text)
    {
        RequireLength(text);
        var reader = new Reader(text);
        reader.SkipSpace();
        if (reader.AtEnd) throw new SpecException("empty policy spec; write a policy name such as COS(k0=0.1, k1=0, l=1000)");
        var value = reader.ReadValue(topLevel: true);
        reader.SkipSpace();
        if (!reader.AtEnd) throw reader.Error($"unexpected '{reader.Peek}' after the end of the spec");
        return value as PolicySpec ?? throw new SpecException($"'{text}' is not a policy spec (expected a name such as FIX or StepLR(...))");
    }

    /// <summary>
    /// Parses one argument value as it would be read after <c>name=</c> inside a spec: a number, duration, word, list
    /// or nested policy. Study grids build specs from such values instead of joining text.
    /// </summary>
    public static SpecValue ParseValue(string text)
    {
        RequireLength(text);
        var reader = new Reader(text);
        reader.SkipSpace();
        if (reader.AtEnd) throw new SpecException("empty value; write a number (0.1), a duration (2ep), a list ([1, 2]) or a policy");
        var value = reader.ReadValue();
        reader.SkipSpace();
        if (!reader.AtEnd) throw reader.Error($"unexpected '{reader.Peek}' after the end of the value");
        return value;
    }

    /// <summary>Refuses a spec, text or JSON, longer than <see cref="MaxLength"/>.</summary>
    internal static void RequireLength(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
            throw new SpecException($"policy spec is {text.Length} characters long; at most {MaxLength} are allowed");
    }

    /// <summary>Classifies a bare word: number, duration, boolean, null, or text.</summary>
    public static SpecValue Classify(string word)
    {
        if (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
            return new NumberValue(number);
        switch (word.ToLowerInvariant())
        {
            case "true": return new BoolValue(true);
            case "false": return new BoolValue(false);
            case "null" or "none": return NullValue.Instance;
            case "inf" or "infinity": return new NumberValue(double.PositiveInfinity);
            case "nan": return new NumberValue(double.NaN);
        }

        int split = word.Length;
        while (split > 0 && char.IsLetter(word[split - 1])) split--;
        if (split > 0 && split < word.Length
            && Duration.ParseUnit(word[split..]) is TimeUnit unit
            && double.TryParse(word[..split], NumberStyles.Float, CultureInfo.InvariantCulture, out double amount))
        {
            return new DurationValue(new Duration(amount, unit));
        }

        return new TextValue(word);
    }

    private sealed class Reader(string text)
    {
        private int _pos;
        private int _depth;

        public bool AtEnd => _pos >= text.Length;

        public char Peek => text[_pos];

        public SpecException Error(string problem) =>
            new($"policy spec, column {_pos + 1}: {problem} in \"{Excerpt()}\"");

        /// <summary>The text, or for a long one the part around the error, so that the message stays one readable line.</summary>
        private string Excerpt()
        {
            const int Around = 40;
            if (text.Length <= 2 * Around) return text;
            int from = Math.Clamp(_pos - Around, 0, text.Length);
            int to = Math.Min(text.Length, _pos + Around);
            return (from > 0 ? "..." : "") + text[from..to] + (to < text.Length ? "..." : "");
        }

        /// <summary>Reads a list or a call one level deeper; the depth bound keeps recursion far from the stack's end.</summary>
        private T Nested<T>(Func<T> read)
        {
            if (++_depth > MaxDepth) throw Error($"nested deeper than {MaxDepth} levels");
            var value = read();
            _depth--;
            return value;
        }

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(text[_pos])) _pos++;
        }

        public SpecValue ReadValue(bool topLevel = false)
        {
            SkipSpace();
            if (AtEnd) throw Error("expected a value");
            char c = Peek;
            if (c == '[') return Nested(ReadList);
            if (c is '\'' or '"') return new TextValue(ReadQuoted());
            string word = ReadWord();
            SkipSpace();
            if (!AtEnd && Peek == '(') return Nested(() => ReadCall(word));
            return topLevel ? new PolicySpec(word, []) : Classify(word);
        }

        private ListValue ReadList()
        {
            _pos++; // [
            var items = new List<SpecValue>();
            SkipSpace();
            if (!AtEnd && Peek == ']')
            {
                _pos++;
                return new ListValue(items);
            }

            while (true)
            {
                items.Add(ReadValue());
                SkipSpace();
                if (AtEnd) throw Error("expected ']' to close the list");
                if (Peek == ',') { _pos++; continue; }
                if (Peek == ']') { _pos++; return new ListValue(items); }
                throw Error($"expected ',' or ']' but found '{Peek}'");
            }
        }

        private PolicySpec ReadCall(string name)
        {
            _pos++; // (
            var args = new List<SpecArgument>();
            SkipSpace();
            if (!AtEnd && Peek == ')')
            {
                _pos++;
                return new PolicySpec(name, args);
            }

            while (true)
            {
                SkipSpace();
                int start = _pos;
                string? argName = null;
                if (!AtEnd && Peek != '[' && Peek != '\'' && Peek != '"')
                {
                    string word = ReadWord();
                    SkipSpace();
                    if (!AtEnd && Peek == '=')
                    {
                        _pos++;
                        argName = word;
                    }
                    else
                    {
                        _pos = start;
                    }
                }

                var value = ReadValue();
                if (argName is not null && args.Any(a => string.Equals(a.Name, argName, StringComparison.OrdinalIgnoreCase)))
                    throw Error($"parameter '{argName}' is given twice");
                args.Add(new SpecArgument(argName, value));
                SkipSpace();
                if (AtEnd) throw Error($"expected ')' to close {name}(");
                if (Peek == ',') { _pos++; continue; }
                if (Peek == ')') { _pos++; return new PolicySpec(name, args); }
                throw Error($"expected ',' or ')' but found '{Peek}'");
            }
        }

        private string ReadWord()
        {
            int start = _pos;
            while (!AtEnd && !char.IsWhiteSpace(Peek) && "()[],='\"".IndexOf(Peek, StringComparison.Ordinal) < 0) _pos++;
            if (_pos == start) throw Error($"expected a name or value but found '{(AtEnd ? "end of text" : Peek.ToString())}'");
            return text[start.._pos];
        }

        private string ReadQuoted()
        {
            char quote = text[_pos++];
            var sb = new StringBuilder();
            while (!AtEnd && Peek != quote) sb.Append(text[_pos++]);
            if (AtEnd) throw Error($"unterminated string (missing {quote})");
            _pos++;
            return sb.ToString();
        }
    }
}
