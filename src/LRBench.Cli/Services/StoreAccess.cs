using LRBench.Cli.Invocation;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Storage;
using Spectre.Console;

namespace LRBench.Cli.Services;

/// <summary>Opening stores and studies for the commands (with the parser that upgrades 0.1.0 stores); the option itself is <see cref="StoreOption"/>.</summary>
internal static class StoreAccess
{
    /// <param name="location">The parsed location (<see cref="StoreOption.Resolve"/>).</param>
    /// <param name="mustExist">For commands that only read: a SQLite file that does not exist is an error, not a new store.</param>
    /// <param name="readOnly">For commands that only read: open without creating, migrating or writing anything.</param>
    /// <param name="prepared">For a worker's trial process: the parent opened and upgraded the store, so nothing is migrated again.</param>
    internal static StudyStore OpenStore(StoreLocation location, bool mustExist = false, bool readOnly = false, bool prepared = false)
    {
        try
        {
            if (prepared) return StudyStore.OpenPrepared(location);
            if (mustExist) StudyStore.RequireExisting(location);
            return readOnly ? StudyStore.OpenReadOnly(location, readStudy: StudyParser.ParseStored) : StudyStore.Open(location, readStudy: StudyParser.ParseStored);
        }
        catch (StoreException e)
        {
            throw new UserInputException(StoreLocation.Redact(e.Message));
        }
        catch (Exception e) when (e is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException or ArgumentException)
        {
            // Only the display form: it never holds the password.
            throw new IOException($"cannot open the store {location.Display}: {StoreLocation.Redact(e.Message)}", e);
        }
    }

    /// <summary>A study by file (its default store unless --store is given) or by name (then --store is required).</summary>
    internal static (StudyStore Store, StudyRow Study) OpenStudy(string study, StoreLocation? store, bool readOnly = false)
    {
        string name;
        StoreLocation location;
        if (File.Exists(study))
        {
            var (definition, _) = StudyFiles.LoadFile(study);
            name = definition.Name;
            location = StoreOption.Resolve(store, () => StudyFiles.Defaults(definition).Store);
        }
        else
        {
            name = study;
            location = StoreOption.Resolve(store, () => throw new UserInputException(
                $"'{study}' is not a study file; to name a study by its name, add --store (or set {StoreOption.Variable})"));
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
