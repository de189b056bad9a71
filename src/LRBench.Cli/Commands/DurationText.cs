using LRBench.Cli.Invocation;
using LRBench.Schedules;

namespace LRBench.Cli.Commands;

/// <summary>Reads durations written on the command line: <c>2ep</c>, <c>500ba</c>, <c>0.1dur</c>, or a plain number of steps.</summary>
internal static class DurationText
{
    public static Duration Parse(string text, string option) =>
        Duration.TryParse(text, out var d)
            ? d
            : throw new UserInputException($"{option}: '{text}' is not a positive duration; write e.g. 2ep (epochs), 500ba (steps), 0.1dur (fraction of the run) or 500");
}
