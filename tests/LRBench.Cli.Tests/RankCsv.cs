namespace LRBench.Cli.Tests;

/// <summary>The rows of a `study rank --format csv` output, each as column name to value (quoted fields read as CSV does).</summary>
internal static class RankCsv
{
    public static List<Dictionary<string, string>> Rows(string csv)
    {
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(new StringReader(csv)) { HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = parser.ReadFields()!;
        var rows = new List<Dictionary<string, string>>();
        while (!parser.EndOfData) rows.Add(header.Zip(parser.ReadFields()!).ToDictionary(p => p.First, p => p.Second));
        return rows;
    }
}
