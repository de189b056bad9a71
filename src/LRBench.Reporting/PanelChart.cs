using ScottPlot;

namespace LRBench.Reporting;

/// <summary>Panels stacked top to bottom in one PNG that share nothing but the image (e.g. accuracy, loss and LR against step).</summary>
public static class PanelChart
{
    /// <summary>Draws each panel <paramref name="panelHeight"/> pixels high, stacked, into one PNG at <paramref name="path"/>.</summary>
    public static void Save(IReadOnlyList<ChartPanel> panels, string path, int width = 1000, int panelHeight = 320)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0) throw new ArgumentException("no panels to draw", nameof(panels));
        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"a panel chart is saved as .png (got '{path}')", nameof(path));

        // A new Multiplot already holds one empty plot; start it from the first panel instead.
        var multiplot = new Multiplot(LineChart.Build(panels[0].Series, panels[0].Options)) { Layout = new ScottPlot.MultiplotLayouts.Rows() };
        foreach (var panel in panels.Skip(1))
        {
            multiplot.AddPlot(LineChart.Build(panel.Series, panel.Options));
        }

        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        multiplot.SavePng(path, width, panelHeight * panels.Count);
    }
}
