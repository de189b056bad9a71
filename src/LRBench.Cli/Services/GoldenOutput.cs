using System.Globalization;
using LRBench.Cli.Invocation;
using LRBench.Schedules.Parity;

namespace LRBench.Cli.Services;

/// <summary>How the parity commands (`schedule check`, `optimizer check`) print their cases: one line each, then "N passed, M failed".</summary>
internal static class GoldenOutput
{
    /// <summary>Prints the cases and returns the exit code: success when every case passed.</summary>
    public static int Print(CliContext ctx, IReadOnlyList<GoldenCaseResult> results, string unit)
    {
        foreach (var c in results)
        {
            string err = double.IsInfinity(c.MaxRelativeError) ? "inf" : c.MaxRelativeError.ToString("0.0e+00", CultureInfo.InvariantCulture);
            ctx.Out.WriteLine($"{(c.Passed ? "PASS" : "FAIL")}  {c.Name,-45} max rel err {err,8}  ({c.Steps} {unit}, {c.Source}){(c.Problem is null ? "" : "  " + c.Problem)}");
        }

        int passed = results.Count(c => c.Passed);
        ctx.Out.WriteLine($"{passed} passed, {results.Count - passed} failed");
        return passed == results.Count ? LRBenchCli.Success : LRBenchCli.Failure;
    }
}
