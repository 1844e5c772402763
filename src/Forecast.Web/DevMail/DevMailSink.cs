using System.Buffers;
using System.Globalization;
using System.Net;
using Forecast.Core.Outreach;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Forecast.Web.DevMail;

/// <summary>
/// The demo's mail server: a real SMTP server (the SmtpServer package) on <c>Mail:Host</c>:<c>Mail:Port</c> that stores
/// each message it receives in <c>devsink.messages</c> (<see cref="DevMailbox"/>), and a loop that sends the outbox every few seconds
/// so reminders built by <c>forecast run reminders</c> show up on <c>/admin/mailbox</c> soon after the web app starts.
/// </summary>
public sealed partial class DevMailSink(
    IServiceScopeFactory scopes,
    DevMailbox mailbox,
    TimeProvider time,
    IOptions<DevSinkOptions> sinkOptions,
    IOptions<MailOptions> mailOptions,
    ILogger<DevMailSink> log) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server listens and the page reads: the first message must find its table.
        await mailbox.EnsureCreatedAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mail = mailOptions.Value;
        var address = mail.Host is "localhost" or "" ? IPAddress.Loopback : IPAddress.Parse(mail.Host);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("forecast-dev-sink")
            .Endpoint(e => e.Endpoint(new IPEndPoint(address, mail.Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(mailbox, time));
        var server = new SmtpServer.SmtpServer(options, services);
        var running = server.StartAsync(stoppingToken);
        LogListening(address.ToString(), mail.Port);

        var every = TimeSpan.FromSeconds(Math.Max(1, sinkOptions.Value.SendEverySeconds));
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await SendOutboxAsync(stoppingToken);
                await Task.Delay(every, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SendOutboxAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var sent = await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(cancellationToken);
            if (sent > 0)
                LogSent(sent);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSendFailed(ex);
        }
    }

    private sealed class Store(DevMailbox mailbox, TimeProvider time) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var raw = buffer.ToArray();
            using var stream = new MemoryStream(raw);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            await mailbox.AddAsync(new DevMailboxMessage
            {
                ReceivedAt = time.GetUtcNow(),
                MessageId = message.MessageId,
                From = message.From.ToString(),
                To = string.Join(", ", transaction.To.Select(t => t.AsAddress())),
                Subject = message.Subject ?? "",
                Language = message.Body?.Headers[HeaderId.ContentLanguage] ?? message.Headers[HeaderId.ContentLanguage],
                TextBody = message.TextBody ?? "",
                Raw = System.Text.Encoding.UTF8.GetString(raw),
            }, cancellationToken);
            return SmtpResponse.Ok;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development mail sink listening on {Address}:{Port} (Mail:DevSink:Enabled); messages are kept for /admin/mailbox, none leaves this machine")]
    private partial void LogListening(string address, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development mail sink: sent {Count} outbox message(s)")]
    private partial void LogSent(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development mail sink: sending the outbox failed; trying again shortly")]
    private partial void LogSendFailed(Exception exception);
}

/// <summary>Registers the development mail sink when <c>Mail:DevSink:Enabled</c> is true.</summary>
public static class DevMailRegistration
{
    public static WebApplicationBuilder AddDevMailSink(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DevSinkOptions>().BindConfiguration(DevSinkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DevMailbox>();
        if (builder.Configuration.GetValue<bool>($"{DevSinkOptions.Section}:Enabled"))
            builder.Services.AddHostedService<DevMailSink>();
        return builder;
    }
}
