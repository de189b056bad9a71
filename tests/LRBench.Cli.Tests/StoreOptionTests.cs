using System.CommandLine;
using System.IO;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using LRBench.Studies.Storage;

namespace LRBench.Cli.Tests;

/// <summary>
/// The one <c>--store</c> option: parsed while the command line is read, shared by every command, and one rule for
/// which store is used when it is not given (option, then LRBENCH_STORE, then the study file's own store).
/// </summary>
public sealed class StoreOptionTests
{
    private static readonly StoreLocation Given = StoreLocation.Parse("sqlite:/tmp/given.db");
    private static readonly StoreLocation Beside = StoreLocation.Parse("sqlite:/tmp/beside.db");

    private static Func<string, string?> Environment(string? store) => name => name == StoreOption.Variable ? store : null;

    [Fact]
    public void The_option_wins_then_the_environment_then_the_study_files_own_store()
    {
        Assert.Equal(Given, StoreOption.Resolve(Given, () => Beside, Environment("sqlite:/tmp/env.db")));
        Assert.Equal(StoreLocation.Parse("sqlite:/tmp/env.db"), StoreOption.Resolve(null, () => Beside, Environment("sqlite:/tmp/env.db")));
        Assert.Equal(Beside, StoreOption.Resolve(null, () => Beside, Environment(null)));
        Assert.Equal(Beside, StoreOption.Resolve(null, () => Beside, Environment("")));
    }

    [Fact]
    public void Without_any_store_the_command_says_how_to_give_one()
    {
        var e = Assert.Throws<UserInputException>(() => StoreOption.Resolve(null, null, Environment(null)));
        Assert.Contains("--store", e.Message, StringComparison.Ordinal);
        Assert.Contains(StoreOption.Variable, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_environment_value_is_named_with_its_password_masked()
    {
        var e = Assert.Throws<UserInputException>(() => StoreOption.Resolve(null, () => Beside, Environment("postgresql://u:s3cret@/nohost")));
        Assert.StartsWith(StoreOption.Variable + ":", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_store_option_is_refused_while_the_command_line_is_read_with_exit_2_and_no_password()
    {
        foreach (var args in new[]
                 {
                     new[] { "study", "status", "x", "--store", "postgresql://u:s3cret@/nohost" },
                     ["dashboard", "--store", "mysql://u:s3cret@h/db"],
                     ["recommend", "--dataset", "synthetic", "--model", "mlp:8", "--store", "sqlite:a.db", "--store", "nowhere"],
                 })
        {
            var (code, output, err) = Cli.Run(args);
            Cli.AssertBadInput(code, err, "--store");
            Assert.DoesNotContain("s3cret", output + err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_command_with_a_store_takes_the_same_typed_option()
    {
        var root = LRBenchCli.BuildRoot(new CliContext(Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(TextWriter.Null) }), TextWriter.Null, TextWriter.Null));
        var stores = Commands(root).SelectMany(c => c.Options.Where(o => o.Name == "--store").Select(o => (Command: c.Name, Option: o))).ToList();
        Assert.True(stores.Count >= 10, $"only {stores.Count} --store options found");
        Assert.All(stores, s => Assert.True(
            s.Option is Option<StoreLocation?> or Option<StoreLocation[]>,
            $"{s.Command}: --store is {s.Option.GetType().Name}, not the shared StoreOption"));
    }

    [Theory]
    [InlineData("sqlite:relative/path.db")]
    [InlineData("results.db")]
    [InlineData("postgresql://lrb:pa%3Bss@127.0.0.1:5433/lrbench?Timeout=5")]
    [InlineData("Host=127.0.0.1;Port=5432;Username=lrb;Password=x;Database=lrbench")]
    public void A_child_process_is_given_a_canonical_location_that_reads_back_to_the_same_store(string text)
    {
        var parsed = StoreLocation.Parse(text);
        Assert.Equal(parsed, StoreLocation.Parse(parsed.Canonical));
    }

    private static IEnumerable<Command> Commands(Command c) => new[] { c }.Concat(c.Subcommands.SelectMany(Commands));
}
