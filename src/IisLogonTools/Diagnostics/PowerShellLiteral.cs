using System.Text;

namespace IisLogonTools.Diagnostics;

/// <summary>Builds PowerShell single-quoted string literals for commands shown to the user.</summary>
internal static class PowerShellLiteral
{
    /// <summary>
    /// Wraps <paramref name="value"/> in single quotes, doubling every quote character inside. PowerShell
    /// treats the typographic single quotes (U+2018, U+2019, U+201A, U+201B) as quotes too, so
    /// <c>O’Brien</c> pasted from a mail client needs the same treatment as <c>O'Brien</c>.
    /// </summary>
    public static string SingleQuoted(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('\'');
        foreach (var c in value)
        {
            if (IsSingleQuote(c))
            {
                builder.Append(c);
            }

            builder.Append(c);
        }

        builder.Append('\'');
        return builder.ToString();
    }

    private static bool IsSingleQuote(char c) => c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B';
}
