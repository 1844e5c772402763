using Hangfire.AspNetCore;
using Hangfire.Logging;
using Microsoft.Extensions.Logging;

namespace Forecast.Core.Jobs;

/// <summary>
/// Hangfire's log provider lives in static state shared by every host of the process, so after a host is disposed the
/// next host that creates a Hangfire client would ask the dead host's <see cref="ILoggerFactory"/> for a logger and fail
/// with <see cref="ObjectDisposedException"/> (HangfireIO/Hangfire#2147; seen when test hosts come and go in one
/// process). This provider logs through the host's factory while it lives and drops Hangfire's messages afterwards.
/// </summary>
internal sealed class HostBoundHangfireLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return DroppedLog.Instance;
        }
    }

    private sealed class DroppedLog : ILog
    {
        public static readonly DroppedLog Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
