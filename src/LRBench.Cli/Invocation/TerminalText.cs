using System.Globalization;
using System.Text;

namespace LRBench.Cli.Invocation;

/// <summary>
/// Text from outside (a spec, a file name, a label read from a store) made safe to print on a terminal: control
/// characters (ESC, NUL, C1) and the Unicode bidirectional overrides are shown escaped, <c>\x1b</c> or <c>\u202e</c>,
/// so an error message can neither drive the terminal nor hide what it quotes.
/// </summary>
internal static class TerminalText
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(IsUnsafe)) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (!IsUnsafe(c)) sb.Append(c);
            else if (c < 0x100) sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            else sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
        }

        return sb.ToString();
    }

    private static bool IsUnsafe(char c) =>
        c is < ' ' or (>= '\u007f' and <= '\u009f') or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') or '\u200e' or '\u200f' or '\u061c';
}
