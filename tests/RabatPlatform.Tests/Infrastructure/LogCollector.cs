using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>
/// A logger provider added to every test host (<see cref="ServiceHost{TMarker}"/>): while a <see cref="Capture"/> is
/// open it records each log entry the hosts write — at the levels their configuration lets through, as a log file
/// or the OTLP exporter would get them — as text: category, message, every state value and every scope value.
/// </summary>
public sealed class LogCollector : ILoggerProvider, ISupportExternalScope
{
    public static readonly LogCollector Provider = new();

    private static readonly ConcurrentDictionary<Capture, byte> Captures = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public static Capture Start()
    {
        var capture = new Capture();
        Captures[capture] = 0;
        return capture;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    // Shared by every host: a host shutting down does not end it.
    public void Dispose()
    {
    }

    private static void Render(StringBuilder text, object? state)
    {
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                text.Append(" | ").Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
            }
        }
        else if (state is not null)
        {
            text.Append(" | ").Append(state);
        }
    }

    /// <summary>The entries written while it is open (by every host: filter by what the test looks for).</summary>
    public sealed class Capture : IDisposable
    {
        private readonly ConcurrentQueue<string> entries = new();

        public IReadOnlyList<string> Entries => [.. entries];

        internal void Add(string entry) => entries.Enqueue(entry);

        public void Dispose() => Captures.TryRemove(this, out _);
    }

    private sealed class Logger(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (Captures.IsEmpty)
            {
                return;
            }

            var text = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            Render(text, state);
            owner.scopes.ForEachScope((scope, builder) => Render(builder, scope), text);
            if (exception is not null)
            {
                text.Append(" | ").Append(exception);
            }

            var entry = text.ToString();
            foreach (var capture in Captures.Keys)
            {
                capture.Add(entry);
            }
        }
    }
}
