using System.Globalization;

namespace LRBench.Studies.Analysis;

/// <summary>
/// The one way a p-value is written, in rankings' "vs best" cells, tie lines and the race's reasons: p&lt;0.001,
/// three decimals below 0.01, else two.
/// </summary>
public static class PValueText
{
    /// <summary>p=0.36, p=0.004, p&lt;0.001.</summary>
    public static string Of(double p) =>
        p < 0.001 ? "p<0.001" : "p=" + p.ToString(p < 0.01 ? "0.000" : "0.00", CultureInfo.InvariantCulture);
}
