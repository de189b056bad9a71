using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace LRBench.Cli.Logging;

/// <summary>
/// Log events as JSON lines on a writer (the command's standard output), one object per event, formatted by
/// Microsoft.Extensions.Logging.Console's own JSON formatter (timestamp in UTC, event id and name, level, category,
/// message, and every field under "State"). The console provider writes to the process console only; this provider
/// hands the same formatter the command's writer, so tests and embedding programs read what a collector would.
/// </summary>
internal sealed class JsonLinesLoggerProvider : ILoggerProvider
{
    private readonly TextWriter _writer;
    private readonly ServiceProvider _services;
    private readonly ConsoleFormatter _formatter;
    private readonly Lock _lock = new();

    public JsonLinesLoggerProvider(TextWriter writer)
    {
        _writer = writer;
        _services = new ServiceCollection()
            .AddLogging(b => b.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            }))
            .BuildServiceProvider();
        _formatter = _services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
    }

    public ILogger CreateLogger(string categoryName) => new JsonLinesLogger(this, categoryName);

    public void Dispose() => _services.Dispose();

    private void Write<TState>(in LogEntry<TState> entry)
    {
        lock (_lock)
        {
            _formatter.Write(entry, null, _writer);
            _writer.Flush();
        }
    }

    private sealed class JsonLinesLogger(JsonLinesLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => NullLogger.Instance.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            provider.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
        }
    }
}
