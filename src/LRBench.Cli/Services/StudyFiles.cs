using LRBench.Cli.Invocation;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Reports;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using LRBench.Training.Settings;
using Spectre.Console;

namespace LRBench.Cli.Services;

/// <summary>Study files as commands read them: loading, default store and output places, checks before anything runs.</summary>
internal static class StudyFiles
{
    /// <summary>The default places for a study file's store and outputs.</summary>
    internal static (StoreLocation Store, string Outputs) Defaults(StudyDefinition study) => Defaults(study.Name, study.SourcePath);

    /// <summary>The default places for a study of this name read from <paramref name="sourcePath"/>: NAME.db and NAME-runs next to the file.</summary>
    internal static (StoreLocation Store, string Outputs) Defaults(string name, string? sourcePath)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(sourcePath ?? ".")) ?? ".";
        return (StoreLocation.Sqlite(Path.Combine(dir, name + ".db")), Path.Combine(dir, name + "-runs"));
    }

    /// <summary>
    /// Registers a planned study and its trials in <paramref name="store"/> for workers (the shared step of
    /// <c>study submit</c> and <c>suite submit</c>), writes its range test's report into the study's outputs, and says
    /// what it registered. A study file changed after trials ran is bad input.
    /// </summary>
    internal static StudyRow Submit(CliContext ctx, StudyStore store, PlannedStudy plan, RunnerOptions options)
    {
        try
        {
            var runner = new StudyRunner(store, options);
            var row = runner.Submit(plan);
            if (runner.RangeTest is { } rangeTest) RangeTestReport.Write(rangeTest, options.OutputDirectory);
            ctx.Console.WriteLine($"Study {row.Name} (id {row.Id}) has {store.Results.Trials(row.Id).Count} trials in {store.Location.Display}.");
            return row;
        }
        catch (StudyConflictException e)
        {
            throw new UserInputException(e.Message);
        }
    }

    /// <summary>A study of a program's own task (task.custom) runs in that program; this command has only the built-in tasks.</summary>
    internal static void RefuseUserTask(StudyDefinition definition)
    {
        if (definition.Task.UserTask is string name)
        {
            throw new UserInputException(
                $"{definition.SourcePath}: task.custom: '{name}' is a program's own task; run the study from that program (StudyRunner, or StudyWorker.Run with a TaskCatalog that has '{name}'); status, rank and report work here");
        }
    }

    /// <summary>The study file's task.device, checked against this machine before anything runs (null: the CPU).</summary>
    internal static ComputeDevice? CheckedDevice(StudyDefinition definition, CliContext ctx)
    {
        if (definition.Task.Device is not { } device) return null;
        try
        {
            device.Resolve(out string? note);
            if (note is not null) ctx.Console.WriteLine(note);
            return device;
        }
        catch (ArgumentException e)
        {
            throw new UserInputException($"{definition.SourcePath}: task.device: {e.Message}");
        }
    }

    internal static (StudyDefinition Study, string Text) LoadFile(string path)
    {
        try
        {
            return StudyParser.LoadWithText(path);
        }
        catch (StudyFileException e)
        {
            throw new UserInputException(e.Message);
        }
    }
}
