using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Fairdrop.Testing;

/// <summary>
/// The real <c>fairdrop</c> executable as a child process, as an operator would start it: for
/// end-to-end tests that need a real Kestrel, real signals and real exit codes.
/// </summary>
public sealed partial class FairdropProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private FairdropProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StandardOutput { get { lock (_stdout) { return _stdout.ToString(); } } }

    public string StandardError { get { lock (_stderr) { return _stderr.ToString(); } } }

    /// <summary>The built fairdrop.dll of the same configuration as the running tests.</summary>
    public static string DllPath => BuiltDll(Path.Combine("src", "Fairdrop"), "fairdrop.dll");

    /// <summary>The built fairdrop-bench.dll (bench/Fairdrop.Scenarios, the scenario benchmarks) of the same configuration.</summary>
    public static string ScenariosDllPath => BuiltDll(Path.Combine("bench", "Fairdrop.Scenarios"), "fairdrop-bench.dll");

    public static FairdropProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null) =>
        Start(DllPath, args, environment, workingDirectory);

    private static FairdropProcess Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, string? workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The child must not inherit the test servers' variables unless a test passes them on purpose.
        foreach (var name in new[] { "FAIRDROP_POSTGRES", "FAIRDROP_DATA", "FAIRDROP_URLS", "FAIRDROP_OPERATOR_KEY" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new FairdropProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Runs a command to its end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        await using var process = Start(args, environment);
        var exit = await process.WaitForExitAsync(timeout ?? TimeSpan.FromMinutes(2));
        return (exit, process.StandardOutput, process.StandardError);
    }

    /// <summary>Runs a scenario benchmark (<c>fairdrop-bench</c>) to its end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunScenarioAsync(IEnumerable<string> args, TimeSpan? timeout = null)
    {
        await using var process = Start(ScenariosDllPath, args, null, null);
        var exit = await process.WaitForExitAsync(timeout ?? TimeSpan.FromMinutes(2));
        return (exit, process.StandardOutput, process.StandardError);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <paramref name="url"/> until it answers 200, the process dies, or the timeout passes.</summary>
    public async Task WaitUntilServingAsync(string url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"fairdrop exited with {_process.ExitCode}: {StandardError}");
            }

            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{url} did not answer within {timeout}. stderr: {StandardError}");
    }

    /// <summary>Sends SIGTERM, as a service manager would, and waits for the exit code.</summary>
    public Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
        }

        return WaitForExitAsync(timeout);
    }

    /// <summary>SIGKILL: the process gets no chance to clean up, as in a crash or an OOM kill.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            KillHard();
            throw new TimeoutException($"fairdrop did not exit within {timeout}. stderr: {StandardError}");
        }

        // Let the asynchronous readers drain the last lines.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        KillHard();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    private static string BuiltDll(string project, string dll)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name; // bin/<Configuration>/net10.0/
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Fairdrop.slnx")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("Fairdrop.slnx not found above " + AppContext.BaseDirectory);
        }

        var path = Path.Combine(root.FullName, project, "bin", configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first.", path);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
