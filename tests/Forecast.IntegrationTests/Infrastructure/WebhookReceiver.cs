using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Forecast.Core.Outbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Forecast.IntegrationTests.Infrastructure;

/// <summary>
/// A receiving system on a loopback port (Kestrel): checks each request's signature, records the keys of each body (read
/// by <c>keysOf</c>), the Idempotency-Key header and the body, and answers what the test scripted (then 200).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();
    private readonly string _path;

    public const string Secret = "a-test-secret-of-some-length";
    public int Port { get; } = LoopbackPort.Free();
    public ConcurrentQueue<(int Status, string[] Keys)> Requests { get; } = new();
    public ConcurrentQueue<(int Status, string? IdempotencyKey, string Body)> Received { get; } = new();
    public int BadSignatures;
    public TimeSpan Delay { get; set; }

    public WebhookReceiver(string path, Func<JsonElement, string[]> keysOf)
    {
        _path = path;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapPost(path, async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            if (context.Request.Headers[WebhookSender.SignatureHeader].ToString() != WebhookSender.Sign(body, Secret))
            {
                Interlocked.Increment(ref BadSignatures);
                return Results.StatusCode(401);
            }
            using var json = JsonDocument.Parse(body);
            var status = _script.TryDequeue(out var s) ? s : 200;
            Requests.Enqueue((status, keysOf(json.RootElement)));
            var idempotencyKey = context.Request.Headers[WebhookSender.IdempotencyKeyHeader].ToString();
            Received.Enqueue((status, idempotencyKey.Length == 0 ? null : idempotencyKey, System.Text.Encoding.UTF8.GetString(body)));
            if (Delay > TimeSpan.Zero)
                await Task.Delay(Delay);
            return Results.StatusCode(status);
        });
    }

    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}{_path}";

    public void Answer(params int[] statuses)
    {
        foreach (var s in statuses)
            _script.Enqueue(s);
    }

    public Task StartAsync() => _app.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
