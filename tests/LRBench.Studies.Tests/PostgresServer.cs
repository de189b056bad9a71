using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LRBench.Studies.Tests;

/// <summary>
/// A throwaway PostgreSQL server on 127.0.0.1 for the tests: initdb into a temporary folder, pg_ctl start on a free
/// port, pg_ctl stop and delete at the end. Needs Debian's postgresql package (scripts/install-deps.sh installs it).
/// initdb refuses to run as root, so as root the server runs as the postgres user.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _bin;
    private readonly string _dir;
    private readonly bool _asPostgresUser;
    private readonly string? _netns;

    /// <summary>A server with fsync off: tests want speed, not durability.</summary>
    public PostgresServer()
        : this(fsync: false, netns: null)
    {
    }

    private PostgresServer(bool fsync, string? netns)
    {
        _netns = netns;
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault() ?? ""
            : "";
        if (_bin.Length == 0)
            throw new InvalidOperationException("PostgreSQL is not installed: run scripts/install-deps.sh (apt-get install postgresql) before the tests");
        _asPostgresUser = Environment.UserName == "root";
        _dir = Directory.CreateTempSubdirectory("lrbench-pg-").FullName;
        Port = FreePort();
        if (_asPostgresUser) Shell($"chown postgres {_dir}", asPostgres: false);
        Shell($"{_bin}/initdb -D {_dir}/data -A trust -U postgres > {_dir}/initdb.log 2>&1");
        // In its own network namespace the server listens on every address there and trusts the subnets it is on;
        // this process, outside that namespace, talks to it through its Unix socket (a file, seen from every namespace).
        if (netns is not null) File.AppendAllText(Path.Combine(_dir, "data", "pg_hba.conf"), "host all all samenet trust\n");
        _options = $"-p {Port} -k {_dir} -c listen_addresses={(netns is null ? "127.0.0.1" : "0.0.0.0")} -c fsync={(fsync ? "on" : "off")}";
        Start();
        _host = netns is null ? "127.0.0.1" : _dir;
        ConnectionString = $"Host={_host};Port={Port};Username=postgres;Database=postgres;Pooling=false";
    }

    private readonly string _host;

    private readonly string _options;

    /// <summary>Starts the server (again, after <see cref="Stop"/>): same data, same port.</summary>
    public void Start() => Shell($"{_bin}/pg_ctl -D {_dir}/data -o '{_options}' -l {_dir}/server.log -w start > /dev/null");

    /// <summary>Stops the server at once, as a crash or a cut network would look to its clients.</summary>
    public void Stop() => Shell($"{_bin}/pg_ctl -D {_dir}/data -m immediate -w stop > /dev/null");

    /// <summary>A server that syncs its writes, as a real one does (for benchmarks).</summary>
    public static PostgresServer Durable() => new(fsync: true, netns: null);

    /// <summary>A server in the network namespace <paramref name="netns"/> (made by the caller), for tests across hosts.</summary>
    public static PostgresServer InNamespace(string netns) => new(fsync: false, netns);

    public int Port { get; }

    public string ConnectionString { get; }

    /// <summary>A fresh, empty database on this server (each test gets its own).</summary>
    public string NewDatabase()
    {
        string name = "t" + Guid.NewGuid().ToString("N")[..12];
        using var c = new Npgsql.NpgsqlConnection(ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"CREATE DATABASE {name}";
        cmd.ExecuteNonQuery();
        return $"Host={_host};Port={Port};Username=postgres;Database={name}";
    }

    public void Dispose()
    {
        try
        {
            Shell($"{_bin}/pg_ctl -D {_dir}/data -m immediate stop > /dev/null 2>&1");
        }
        finally
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private void Shell(string command, bool asPostgres = true)
    {
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        var args = asPostgres && _asPostgresUser ? new List<string> { "su", "postgres", "-s", "/bin/bash", "-c", command } : ["/bin/bash", "-c", command];
        if (_netns is not null) args.InsertRange(0, ["ip", "netns", "exec", _netns]);
        psi.FileName = args[0];
        foreach (string a in args.Skip(1)) psi.ArgumentList.Add(a);

        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            string log = File.Exists(Path.Combine(_dir, "server.log")) ? File.ReadAllText(Path.Combine(_dir, "server.log")) : "";
            throw new InvalidOperationException($"'{command}' failed ({p.ExitCode}): {err} {log}");
        }
    }
}
