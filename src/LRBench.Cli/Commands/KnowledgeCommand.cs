using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LRBench.Cli.Invocation;
using LRBench.Cli.Knowledge;
using LRBench.Cli.Services;
using LRBench.Studies.Storage;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench knowledge build|show</c>: the policy knowledge base that <c>recommend</c> reads by default.</summary>
internal static class KnowledgeCommand
{
    public static Command Build(CliContext ctx)
    {
        var cmd = new Command("knowledge", "The policy knowledge base recommend reads: show what ships, or build one from stores.");
        cmd.Subcommands.Add(BuildCommand(ctx));
        cmd.Subcommands.Add(ShowCommand(ctx));
        return cmd;
    }

    private static Command BuildCommand(CliContext ctx)
    {
        var stores = StoreOption.CreateMany("SQLite stores to take (repeat the option): their studies, trials, evaluations and range tests, LR traces cut to each trial's range");
        stores.Required = true;
        var output = new Option<string>("--out", "-o", "--output") { Description = "The knowledge folder to write (its stores and manifest.json are replaced)", Required = true };
        var cmd = new Command("build", "Build a knowledge base: a compact read-only copy of each store and a manifest with their provenance.") { stores, output };
        cmd.SetAction(r =>
        {
            string dir = Path.GetFullPath(r.GetValue(output)!);
            var sources = r.GetValue(stores)!;
            var names = sources.Select(s => s.SqlitePath is string p ? Path.GetFileName(p) : "").ToList();
            if (sources.Any(s => s.Kind != StoreKind.Sqlite))
                throw new UserInputException("knowledge build takes SQLite stores (sqlite:PATH); copy a PostgreSQL study into one first");
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
                throw new UserInputException($"two stores have the same file name ({string.Join(", ", names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key))}); the knowledge folder names its copies after them");
            Directory.CreateDirectory(dir);
            var entries = new List<KnowledgeStoreEntry>();
            foreach (var (source, name) in sources.Zip(names))
            {
                string target = Path.Combine(dir, name);
                try
                {
                    var (studies, finished, bytes) = StoreCompaction.WriteCompactCopy(source, target);
                    using var copy = StoreAccess.OpenStore(StoreLocation.Sqlite(target), mustExist: true, readOnly: true);
                    entries.Add(new KnowledgeStoreEntry
                    {
                        File = name, Source = Provenance(source), Sha256 = KnowledgeBase.Sha256Of(target), Bytes = bytes,
                        Studies = [.. copy.Results.Studies().Select(s => s.Name)], FinishedTrials = finished,
                    });
                    ctx.Console.WriteLine($"{name}: {studies} studies, {finished} finished trials, {bytes / 1024} KiB (from {source.Display})");
                }
                catch (StoreException e)
                {
                    throw new UserInputException(StoreLocation.Redact(e.Message));
                }
            }

            var manifest = new KnowledgeManifest
            {
                BuiltAt = TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                Lrbench = typeof(KnowledgeCommand).Assembly.GetName().Version?.ToString() ?? "",
                Command = "lrbench knowledge build " + string.Join(" ", sources.Select(s => "--store " + Provenance(s))) + " --out " + r.GetValue(output),
                Stores = entries,
            };
            File.WriteAllText(Path.Combine(dir, KnowledgeBase.ManifestFile), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            ctx.Console.WriteLine($"Knowledge base: {entries.Count} stores in {dir} ({KnowledgeBase.ManifestFile} lists them with their sources and checksums).");
            return LRBenchCli.Success;
        });
        return cmd;
    }

    /// <summary>A source as the manifest records it: relative to the folder the build ran in when it is inside it, so a repository's manifest names its own files.</summary>
    private static string Provenance(StoreLocation source)
    {
        string relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), source.SqlitePath!);
        return "sqlite:" + (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? source.SqlitePath : relative.Replace('\\', '/'));
    }

    private static Command ShowCommand(CliContext ctx)
    {
        var dir = new Option<string?>("--dir") { Description = "A knowledge folder (default: the one that ships with lrbench)" };
        var cmd = new Command("show", "List the knowledge base's stores, their studies and where they came from.") { dir };
        cmd.SetAction(r =>
        {
            string folder = r.GetValue(dir) ?? KnowledgeBase.ShippedDirectory;
            var kb = KnowledgeBase.Open(folder) ?? throw new UserInputException($"no knowledge base in {folder} (no {KnowledgeBase.ManifestFile})");
            var table = new Table().Title($"knowledge base in {Markup.Escape(folder)}: built {Markup.Escape(kb.Manifest.BuiltAt)} by lrbench {Markup.Escape(kb.Manifest.Lrbench)}");
            foreach (string h in new[] { "file", "studies", "finished trials", "KiB", "from" }) table.AddColumn(h);
            foreach (var (entry, _) in kb.Stores)
            {
                table.AddRow(Markup.Escape(entry.File), Markup.Escape(string.Join(", ", entry.Studies)), entry.FinishedTrials.ToString(CultureInfo.InvariantCulture),
                    (entry.Bytes / 1024).ToString(CultureInfo.InvariantCulture), Markup.Escape(entry.Source));
            }

            ctx.Console.Write(table);
            ctx.Console.WriteLine($"Rebuilt with: {kb.Manifest.Command}");
            return LRBenchCli.Success;
        });
        return cmd;
    }
}
