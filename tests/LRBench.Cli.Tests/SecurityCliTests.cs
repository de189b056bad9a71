using System.CommandLine;
using LRBench.Cli.Commands;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using LRBench.Studies.Tests;
using LRBench.Studies.Model.Results;
using LRBench.Cli.Invocation;

using LRBench.Cli.Services;

namespace LRBench.Cli.Tests;

/// <summary>
/// Secrets and paths: a store's password never reaches output, errors or a child's command line; names read back
/// from a store never lead a worker out of its folder; bad store URLs and unexpected errors end in one line.
/// </summary>
public sealed class SecurityCliTests : IDisposable
{
    private const string Password = "s3cr3t-Pa55";

    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-security-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Stores that cannot be reached or parsed, each holding the password.</summary>
    public static TheoryData<string> UnreachableStores() =>
    [
        $"postgresql://user:{Password}@127.0.0.1:1/db",
        $"postgres://user:{Password}@127.0.0.1:1/db?sslmode=disable",
        $"Host=127.0.0.1;Port=1;Username=user;Password={Password};Database=db",
        $"postgress://user:{Password}@127.0.0.1:1/db",
        $"postgresql://user:{Password}@127.0.0.1:abc/db",
        $"postgresql://user:{Password}@/db",
        $"postgresql://user:{Password}@127.0.0.1:99999/db",
        $"Host=127.0.0.1;Password={Password};Bogus=1",
    ];

    [Theory]
    [MemberData(nameof(UnreachableStores))]
    public void No_command_prints_the_password_of_a_store_it_cannot_open(string store)
    {
        string[][] commands =
        [
            ["study", "status", "some-study", "--store", store],
            ["study", "rank", "some-study", "--store", store],
            ["worker", "--store", store],
            ["recommend", "--dataset", "synthetic", "--model", "mlp", "--store", store],
        ];
        foreach (var command in commands)
        {
            var (code, output, err) = Cli.Run(command);
            Assert.True(code is 1 or 2, $"{string.Join(' ', command)}: exit {code}");
            Assert.DoesNotContain(Password, output + err);
            Assert.Single(err.TrimEnd().Split('\n')); // one line, no stack trace
            Assert.StartsWith("lrbench: ", err);
        }
    }

    /// <summary>
    /// Store texts as fingers mistype them, each holding the canary password: schemes misspelt or missing, one slash or
    /// none, a sqlite: prefix before a URL, a .db ending, a password with URL characters in it.
    /// </summary>
    public static IEnumerable<string> MistypedStores()
    {
        string[] schemes = ["postgresql", "postgres", "postgress", "pg", "POSTGRESQL", "sqlite:postgresql", "sqlite:", "http", ""];
        string[] separators = ["://", ":/", "//", ":", ":///", "/"];
        string[] passwords = [Password, Password + "/x", Password + ":y", "p@" + Password];
        string[] tails = ["127.0.0.1:1/lrb", "127.0.0.1:1/lrb.db", "/lrb", "127.0.0.1:1/lrb?sslmode=disable"];
        int i = 0;
        foreach (string scheme in schemes)
        foreach (string separator in separators)
        {
            // Every combination of scheme and separator, with the passwords and tails taken in turn.
            string password = passwords[i % passwords.Length];
            string tail = tails[i++ / passwords.Length % tails.Length];
            yield return $"{scheme}{separator}lrb:{password}@{tail}";
        }
    }

    [Fact]
    public void A_mistyped_store_url_never_prints_its_password_nor_makes_a_path_from_it()
    {
        string cwd = Directory.GetCurrentDirectory();
        var before = Directory.GetFileSystemEntries(cwd, "*", SearchOption.AllDirectories).ToHashSet();
        var stores = MistypedStores().ToList();
        Assert.Equal(54, stores.Count);
        foreach (string store in stores)
        {
            foreach (string[] command in new[] { new[] { "study", "status", "s", "--store", store }, ["worker", "--store", store, "--out", Path.Combine(_dir, "w")] })
            {
                var (code, output, err) = Cli.Run(command);
                Assert.True(code is 1 or 2, $"{store}: exit {code}");
                Assert.False((output + err).Contains(Password, StringComparison.Ordinal), $"{store} printed its password: {err}");
                Assert.DoesNotContain("internal error", err, StringComparison.Ordinal);
            }

            Assert.False(StoreLocation.Redact($"lrbench: '{store}' is not a store").Contains(Password, StringComparison.Ordinal), store);
        }

        var made = Directory.GetFileSystemEntries(cwd, "*", SearchOption.AllDirectories).Where(e => !before.Contains(e)).ToList();
        Assert.DoesNotContain(made, e => e.Contains(Password, StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_dir, "*", SearchOption.AllDirectories), e => e.Contains(Password, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("FIX\u001b[31m(k0=1)", "\\x1b[31m")]
    [InlineData("FIX(k0=\u0000)", "\\x00")]
    [InlineData("COS\u202e(k0=1)", "\\u202e")]
    [InlineData("FIX(k0=1)\u009b2J", "\\x9b2J")]
    public void Error_messages_show_control_characters_escaped(string spec, string shown)
    {
        var (code, output, err) = Cli.Run("schedule", "values", "--spec", spec, "--steps", "3");
        Cli.AssertBadInput(code, err, shown);
        Assert.DoesNotContain(err + output, c => c is < ' ' and not '\n' and not '\r' or (>= '\u007f' and <= '\u009f') or '\u202e');
    }

    [Theory]
    [InlineData("root:$6$canaryS3CRET$abcdefgh:19000:0:99999:7:::\n")]
    [InlineData("canaryS3CRET")]
    [InlineData("{\"policy\": \"canaryS3CRET\"}")]
    [InlineData("FIX(canaryS3CRET=1)")]
    [InlineData("LRBENCH_STORE=postgresql://u:canaryS3CRET@h/db\u0000PATH=/usr/bin")]
    public void A_spec_file_that_is_not_a_spec_is_refused_without_quoting_its_content(string content)
    {
        string file = Path.Combine(_dir, "not-a-spec");
        File.WriteAllText(file, content);
        foreach (string[] command in new[] { new[] { "schedule", "values", "--spec", "@" + file, "--steps", "3" }, ["schedule", "plot", "--spec", "@" + file, "--steps", "3", "--out", Path.Combine(_dir, "p.png")] })
        {
            var (code, output, err) = Cli.Run(command);
            Cli.AssertBadInput(code, err, $"spec file {file} does not hold a valid policy spec");
            Assert.DoesNotContain("canaryS3CRET", output + err, StringComparison.Ordinal);
            Assert.DoesNotContain("root", output + err, StringComparison.Ordinal);
        }

        // A real spec file with a bad value still says where the problem is.
        File.WriteAllText(file, "COS(k0=-1, k1=0, l=10)");
        var (badCode, _, badErr) = Cli.Run("schedule", "values", "--spec", "@" + file, "--steps", "3");
        Cli.AssertBadInput(badCode, badErr, "the problem is COS.k0's value");
    }

    [Fact]
    public void Malformed_store_urls_are_bad_input_not_a_crash()
    {
        foreach (string store in new[] { "postgresql://u:p@127.0.0.1:abc/db", "postgresql://u:p@/db", "postgresql://", "Host=;Port=x" })
        {
            var (code, _, err) = Cli.Run("study", "status", "x", "--store", store);
            Assert.True(code == 2, $"{store}: exit {code}: {err}");
            Assert.Contains("not a valid PostgreSQL store", err);
        }
    }

    [Fact]
    public void A_connected_store_without_the_study_does_not_print_the_password()
    {
        using var pg = new PostgresServer();
        var url = new Npgsql.NpgsqlConnectionStringBuilder(pg.NewDatabase()) { Password = Password }.ConnectionString;
        StudyStore.Open(url).Dispose(); // an LRBench store, with no studies in it
        var (code, output, err) = Cli.Run("study", "status", "missing-study", "--store", url);
        Assert.Equal(2, code);
        Assert.Contains("no study named 'missing-study'", err);
        Assert.DoesNotContain(Password, output + err);
    }

    [Fact]
    public void A_trial_process_gets_the_store_through_its_environment_not_its_command_line()
    {
        string store = $"postgresql://user:{Password}@127.0.0.1:5432/db";
        var launcher = new ProcessTrialLauncher(StoreLocation.Parse(store));
        var claim = new TrialClaim(new TrialRow { Id = 7, Trial = LRBench.Studies.Tests.TestTrials.Make("k") }, 1);
        var start = launcher.StartInfo(claim, new RunnerOptions { OutputDirectory = _dir }, threads: 1);
        Assert.DoesNotContain(start.ArgumentList, a => a.Contains(Password, StringComparison.Ordinal));
        // The parent's parsed location, in a form that parses back to it: the child never sees the raw argument.
        Assert.Equal(StoreLocation.Parse(store), StoreLocation.Parse(start.Environment[StoreOption.Variable]!));
        Assert.Contains("--trial", start.ArgumentList);
    }

    [Fact]
    public void A_worker_refuses_a_study_whose_name_in_the_store_would_lead_out_of_its_folder()
    {
        string studyFile = Path.Combine(_dir, "escape.yaml");
        File.WriteAllText(studyFile, """
            name: escape
            task: {dataset: synthetic, model: "mlp:8", budget: 1ep}
            seeds: [0]
            policies: ["FIX(k0=0.1)"]
            """);
        string db = Path.Combine(_dir, "escape.db");
        var (code, _, err) = Cli.Run("study", "submit", studyFile, "--store", "sqlite:" + db);
        Assert.True(code == 0, err);
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE studies SET name = '../../escape-dir'";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }

        string outDir = Path.Combine(_dir, "a", "b", "out");
        Directory.CreateDirectory(outDir);
        var before = Entries();
        (code, _, err) = Cli.Run("worker", "--store", "sqlite:" + db, "--out", outDir);
        Assert.True(code == 2, err);
        Assert.Contains("not a valid study name", err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "a", "escape-dir")));
        Assert.Equal(before, Entries());

        // Everything under the test folder but the store itself (and SQLite's side files).
        List<string> Entries() => [.. Directory.GetFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Where(e => !e.StartsWith(db, StringComparison.Ordinal)).Order()];
    }

    [Fact]
    public void Contained_paths_refuse_to_climb_out_or_jump_to_an_absolute_path()
    {
        Assert.Equal(Path.Combine(_dir, "x", "y"), ContainedPath.Combine(_dir, "x", "y"));
        Assert.Throws<InvalidDataException>(() => ContainedPath.Combine(_dir, "..", "escape"));
        Assert.Throws<InvalidDataException>(() => ContainedPath.Combine(_dir, "a/../../escape"));
        Assert.Throws<InvalidDataException>(() => ContainedPath.Combine(_dir, "/etc"));
        Assert.Throws<InvalidDataException>(() => ContainedPath.Combine(_dir, ".."));
        Assert.Throws<InvalidDataException>(() => ContainedPath.Combine(_dir, ""));
    }

    [Fact]
    public void An_unexpected_exception_is_one_line_and_the_stack_trace_needs_verbose()
    {
        static RootCommand Failing(CliContext _)
        {
            var root = new RootCommand();
            var boom = new Command("boom");
            Func<ParseResult, int> fail = _ => throw new InvalidOperationException($"broken near postgresql://u:{Password}@h/db");
            boom.SetAction(fail);
            root.Subcommands.Add(boom);
            return root;
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(1, LRBenchCli.Run(["boom"], stdout, stderr, Failing));
        string line = stderr.ToString().TrimEnd();
        Assert.Single(line.Split('\n'));
        Assert.StartsWith("lrbench: internal error: InvalidOperationException: broken near", line);
        Assert.DoesNotContain(Password, line);

        stderr = new StringWriter();
        Assert.Equal(1, LRBenchCli.Run(["boom", "--verbose"], stdout, stderr, Failing));
        Assert.Contains("   at ", stderr.ToString());
        Assert.DoesNotContain(Password, stderr.ToString());
    }
}
