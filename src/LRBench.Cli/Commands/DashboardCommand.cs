using System.CommandLine;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Hosting;
using LRBench.Cli.Dashboard;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary>`lrbench dashboard`: serves a store's studies read-only in a browser until Ctrl-C.</summary>
internal static partial class DashboardCommand
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial System.Text.RegularExpressions.Regex HostName();

    public static Command Build(CliContext ctx)
    {
        var store = StoreOption.Create();
        var port = new Option<int>("--port") { Description = "Port to listen on", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "Address to listen on; anything but a loopback address lets other machines read every study", DefaultValueFactory = _ => "127.0.0.1" };
        var allowed = new Option<string[]>("--allowed-host")
        {
            Description = "Another name the dashboard is reached by (repeatable; e.g. the machine's DNS name behind --host 0.0.0.0). Requests naming any other host get 400: a web page cannot read the dashboard through DNS rebinding",
            AllowMultipleArgumentsPerToken = true,
        };
        var cmd = new Command("dashboard", "Serve every study in a store in the browser, read-only, with live curves of running trials.") { store, port, host, allowed };
        cmd.SetAction(r =>
        {
            int p = r.GetValue(port);
            if (p is < 1 or > 65535) throw new UserInputException($"--port must be between 1 and 65535, got {p}");
            string h = r.GetValue(host)!;
            if (!IPAddress.TryParse(h, out var address) && h != "localhost")
                throw new UserInputException($"--host must be an IP address (127.0.0.1, 0.0.0.0, ::1, ...) or localhost, got '{h}'");
            var names = r.GetValue(allowed) ?? [];
            if (names.FirstOrDefault(n => !HostName().IsMatch(n)) is string badName)
                throw new UserInputException($"--allowed-host takes a host name (letters, digits, '-' and '.', e.g. lab-3.example.org), got '{badName}'");
            using var s = StoreAccess.OpenStore(StoreOption.Resolve(r.GetValue(store)), mustExist: true, readOnly: true);
            if (address is not null && !IPAddress.IsLoopback(address))
                ctx.Console.WriteLine($"warning: listening on {h}: anyone who can reach this machine on port {p} can read every study in {s.Location.Display} (the dashboard has no login)");
            string url = string.Create(CultureInfo.InvariantCulture, $"http://{(address?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{h}]" : h)}:{p}");
            var app = DashboardServer.Build(s, url, DashboardServer.AllowedHosts(h, names));
            try
            {
                app.Start(); // bound before the address is announced
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
            {
                // Kestrel reports an address in use as an IOException, one this machine does not have as a SocketException.
                throw new UserInputException($"cannot listen on {url}: {e.InnerException?.Message ?? e.Message}; choose another --port, or an address of this machine with --host");
            }

            ctx.Console.WriteLine($"Dashboard of {s.Location.Display} at {url}/ (read-only; Ctrl-C stops it).");
            app.WaitForShutdown();
            return LRBenchCli.Success;
        });
        return cmd;
    }
}
