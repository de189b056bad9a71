using System.CommandLine;
using System.Globalization;
using System.Net;
using LRBench.Cli.Dashboard;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary>`lrbench dashboard`: serves a store's studies read-only in a browser until Ctrl-C.</summary>
internal static class DashboardCommand
{
    public static Command Build(CliContext ctx)
    {
        var store = StoreOption.Create();
        var port = new Option<int>("--port") { Description = "Port to listen on", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "Address to listen on; anything but a loopback address lets other machines read every study", DefaultValueFactory = _ => "127.0.0.1" };
        var cmd = new Command("dashboard", "Serve every study in a store in the browser, read-only, with live curves of running trials.") { store, port, host };
        cmd.SetAction(r =>
        {
            int p = r.GetValue(port);
            if (p is < 1 or > 65535) throw new UserInputException($"--port must be between 1 and 65535, got {p}");
            string h = r.GetValue(host)!;
            if (!IPAddress.TryParse(h, out var address) && h != "localhost")
                throw new UserInputException($"--host must be an IP address (127.0.0.1, 0.0.0.0, ::1, ...) or localhost, got '{h}'");
            using var s = StoreAccess.OpenStore(StoreOption.Resolve(r.GetValue(store)), mustExist: true, readOnly: true);
            if (address is not null && !IPAddress.IsLoopback(address))
                ctx.Console.WriteLine($"warning: listening on {h}: anyone who can reach this machine on port {p} can read every study in {s.Location.Display} (the dashboard has no login)");
            string url = string.Create(CultureInfo.InvariantCulture, $"http://{(address?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{h}]" : h)}:{p}");
            var app = DashboardServer.Build(s, url);
            ctx.Console.WriteLine($"Dashboard of {s.Location.Display} at {url}/ (read-only; Ctrl-C stops it).");
            app.Run();
            return LRBenchCli.Success;
        });
        return cmd;
    }
}
