using Forecast.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace Forecast.UnitTests.Jobs;

public sealed class HostBoundHangfireLogProviderTests
{
    [Fact]
    public void GetLogger_LogsThroughTheHost_WhileItsLoggerFactoryLives()
    {
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new CountingProvider()));
        var provider = new HostBoundHangfireLogProvider(factory);

        var log = provider.GetLogger("Hangfire.Test");

        Assert.True(log.Log(Hangfire.Logging.LogLevel.Info, () => "hello"));
    }

    [Fact]
    public void GetLogger_ReturnsASilentLogger_WhenTheHostsLoggerFactoryIsDisposed()
    {
        var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new CountingProvider()));
        var provider = new HostBoundHangfireLogProvider(factory);
        factory.Dispose();

        var log = provider.GetLogger("Hangfire.Test");

        Assert.False(log.Log(Hangfire.Logging.LogLevel.Info, () => "after the host is gone"));
    }

    private sealed class CountingProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Counting();

        public void Dispose()
        {
        }

        private sealed class Counting : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }
}
