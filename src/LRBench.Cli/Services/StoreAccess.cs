using System.CommandLine;
using LRBench.Cli.Invocation;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Storage;
using Spectre.Console;

namespace LRBench.Cli.Services;

/// <summary>The <c>--store</c> option and opening stores and studies for the commands (with the parser that upgrades 0.1.0 stores).</summary>
internal static class StoreAccess
{
    internal static Option<string?> StoreOption() =>
        new("--store") { Description = "sqlite:PATH (default: NAME.db next to the study file) or postgresql://user@host:port/db" };

    /// <param name="location">sqlite:PATH or a PostgreSQL URL.</param>
    /// <param name="mustExist">For commands that only read: a SQLite file that does not exist is an error, not a new store.</param>
    /// <param name="readOnly">For commands that only read: open without creating, migrating or writing anything.</param>
    internal static StudyStore OpenStore(string location, bool mustExist = false, bool readOnly = false)
    {
        StoreLocation parsed;
        try
        {
            parsed = StoreLocation.Parse(location);
        }
        catch (ArgumentException e)
        {
            throw new UserInputException(e.Message); // already masks any password
        }

        try
        {
            if (mustExist) StudyStore.RequireExisting(parsed);
            return readOnly ? StudyStore.OpenReadOnly(parsed, readStudy: StudyParser.ParseStored) : StudyStore.Open(parsed, readStudy: StudyParser.ParseStored);
        }
        catch (StoreException e)
        {
            throw new UserInputException(StoreLocation.Redact(e.Message));
        }
        catch (Exception e) when (e is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException or ArgumentException)
        {
            // Only the display form: it never holds the password.
            throw new IOException($"cannot open the store {parsed.Display}: {StoreLocation.Redact(e.Message)}", e);
        }
    }

    /// <summary>A study by file (its default store unless --store is given) or by name (then --store is required).</summary>
    internal static (StudyStore Store, StudyRow Study) OpenStudy(string study, string? store, bool readOnly = false)
    {
        string name;
        string location;
        if (File.Exists(study))
        {
            var (definition, _) = StudyFiles.LoadFile(study);
            name = definition.Name;
            location = store ?? StudyFiles.Defaults(definition).Store;
        }
        else
        {
            name = study;
            location = store ?? throw new UserInputException($"'{study}' is not a study file; to name a study by its name, add --store");
        }

        var s = OpenStore(location, mustExist: true, readOnly);
        var row = s.Results.FindStudy(name);
        if (row is null)
        {
            var known = s.Results.Studies().Select(x => x.Name).ToList();
            s.Dispose();
            throw new UserInputException($"no study named '{name}' in {s.Location.Display}" + (known.Count > 0 ? $"; it holds: {string.Join(", ", known)}" : "; it holds none yet (run lrbench study run FILE first)"));
        }

        return (s, row);
    }
}
