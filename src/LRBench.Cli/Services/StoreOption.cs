using System.CommandLine;
using System.CommandLine.Parsing;
using LRBench.Cli.Invocation;
using LRBench.Studies.Storage;

namespace LRBench.Cli.Services;

/// <summary>
/// The <c>--store</c> option every command shares, parsed into a <see cref="StoreLocation"/> while the command line is
/// read (a bad location is exit 2, its password masked), and the one rule for which store a command uses:
/// <list type="number">
/// <item><c>--store</c>, when given;</item>
/// <item>else the <c>LRBENCH_STORE</c> environment variable (a process's environment is readable only by its own
/// user and root, a command line by every user through <c>ps</c>: the place for a URL with a password);</item>
/// <item>else, for a command given a study file, <c>NAME.db</c> next to that file;</item>
/// <item>else the command stops and says so.</item>
/// </list>
/// </summary>
internal static class StoreOption
{
    /// <summary>The environment variable of rule 2; trial processes receive their parent's store through it.</summary>
    public const string Variable = "LRBENCH_STORE";

    private const string Forms = "sqlite:PATH or postgresql://user@host:port/database";

    /// <summary>The option, its help naming the rule.</summary>
    public static Option<StoreLocation?> Create() => new("--store")
    {
        Description = $"The store: {Forms} (default: ${Variable}, else NAME.db next to the study file)",
        HelpName = "STORE",
        CustomParser = Parse,
    };

    /// <summary>A repeatable form, for commands that read several stores.</summary>
    public static Option<StoreLocation[]> CreateMany(string description) => new("--store")
    {
        Description = description,
        HelpName = "STORE",
        AllowMultipleArgumentsPerToken = false,
        CustomParser = r => [.. r.Tokens.Select(t => ParseToken(r, t.Value)).OfType<StoreLocation>()],
    };

    /// <summary>
    /// Applies the rule: <paramref name="given"/>, else <c>LRBENCH_STORE</c>, else <paramref name="otherwise"/> (the
    /// store beside the command's study file, or the command's own refusal; null: "no store").
    /// <paramref name="environment"/> reads a variable (tests give their own).
    /// </summary>
    public static StoreLocation Resolve(StoreLocation? given, Func<StoreLocation>? otherwise = null, Func<string, string?>? environment = null)
    {
        if (given is not null) return given;
        if ((environment ?? Environment.GetEnvironmentVariable)(Variable) is { Length: > 0 } text)
        {
            try
            {
                return StoreLocation.Parse(text);
            }
            catch (ArgumentException e)
            {
                throw new UserInputException($"{Variable}: {e.Message}"); // the message masks any password
            }
        }

        return otherwise?.Invoke()
            ?? throw new UserInputException($"no store: give --store or set {Variable} ({Forms}; a password may follow the user, after a colon)");
    }

    private static StoreLocation? Parse(ArgumentResult result) =>
        result.Tokens.Count == 1 ? ParseToken(result, result.Tokens[0].Value) : null;

    private static StoreLocation? ParseToken(ArgumentResult result, string text)
    {
        try
        {
            return StoreLocation.Parse(text);
        }
        catch (ArgumentException e)
        {
            result.AddError("--store: " + e.Message); // masks any password
            return null;
        }
    }
}
