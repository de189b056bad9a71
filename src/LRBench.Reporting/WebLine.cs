namespace LRBench.Reporting;

/// <summary>A labelled vertical line of an interactive chart (<see cref="WebChart"/>), at an x value in the data's units.</summary>
public sealed record WebLine(double X, string Text);
