using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace LRBench.Studies.Reports;

/// <summary>
/// Writes report tables as RFC 4180 CSV with CsvHelper: a label, method or spec holding a comma, a quote or a line
/// break is quoted, so every row keeps its columns. Numbers are formatted by the caller (invariant culture).
/// </summary>
internal static class CsvTable
{
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        // "\n" as before, rather than CsvHelper's RFC default "\r\n": the files are read by scripts more than by spreadsheets.
        using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" }))
        {
            foreach (string name in header) csv.WriteField(name);
            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (string cell in row) csv.WriteField(cell);
                csv.NextRecord();
            }
        }

        return text.ToString();
    }
}
