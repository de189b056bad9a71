using System.Diagnostics;

namespace LRBench.Cli.Tests;

/// <summary>
/// Separate network hosts on one machine: Linux network namespaces joined by veth links (iproute2's <c>ip</c>, as root).
/// Each host has its own interfaces and routes, so a link taken down cuts that host off as a pulled cable would, while
/// the file system (checkpoints, the server's Unix socket) stays shared. Everything made is removed on dispose.
/// </summary>
public sealed class NetworkLab : IDisposable
{
    private readonly string _prefix = "lrb" + Environment.ProcessId % 100000;
    private readonly List<string> _hosts = [];
    private readonly int _subnet = Random.Shared.Next(100, 250); // 10.<subnet>.<link>.0/24: unlikely to meet a real network
    private int _links;

    /// <summary>Null when this machine can make namespaces, else why not (the test is skipped then).</summary>
    public static string? Unsupported()
    {
        if (!OperatingSystem.IsLinux()) return "network namespaces need Linux";
        if (Environment.UserName != "root") return "network namespaces need root (ip netns add)";
        if (!File.Exists("/usr/sbin/ip") && !File.Exists("/usr/bin/ip") && !File.Exists("/sbin/ip")) return "iproute2 is not installed (scripts/install-deps.sh installs it)";
        return null;
    }

    /// <summary>A new host: an empty network namespace with its loopback up. Returns its name.</summary>
    public string AddHost(string name)
    {
        string ns = $"{_prefix}{name}";
        Ip($"netns add {ns}");
        _hosts.Add(ns);
        Ip($"-n {ns} link set lo up");
        return ns;
    }

    /// <summary>Joins two hosts with a veth pair on a /24 of their own; returns (address of a, address of b, a's device, b's device).</summary>
    public (string AddressA, string AddressB, string DeviceA, string DeviceB) Link(string a, string b)
    {
        int n = ++_links;
        string devA = $"{_prefix}a{n}", devB = $"{_prefix}b{n}";
        string addrA = $"10.{_subnet}.{n}.1", addrB = $"10.{_subnet}.{n}.2";
        Ip($"link add {devA} netns {a} type veth peer name {devB} netns {b}");
        Ip($"-n {a} addr add {addrA}/24 dev {devA}");
        Ip($"-n {b} addr add {addrB}/24 dev {devB}");
        SetLink(a, devA, up: true);
        SetLink(b, devB, up: true);
        return (addrA, addrB, devA, devB);
    }

    public void SetLink(string host, string device, bool up) => Ip($"-n {host} link set dev {device} {(up ? "up" : "down")}");

    /// <summary>Starts <paramref name="file"/> with its arguments inside <paramref name="host"/> (ip netns exec replaces itself, so the pid is the program's).</summary>
    public static ProcessStartInfo Exec(string host, string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "netns", "exec", host, file }.Concat(arguments)) start.ArgumentList.Add(a);
        return start;
    }

    public void Dispose()
    {
        // Deleting a namespace deletes its ends of the veth pairs, and with them the peers.
        foreach (string ns in _hosts)
        {
            try
            {
                Ip($"netns delete {ns}");
            }
            catch (InvalidOperationException)
            {
                // Best effort: a namespace still in use by a process that is being killed goes when that process does.
            }
        }
    }

    private static void Ip(string arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"'ip {arguments}' failed ({p.ExitCode}): {err.Trim()}");
    }
}
