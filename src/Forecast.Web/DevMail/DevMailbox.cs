using Npgsql;

namespace Forecast.Web.DevMail;

/// <summary>
/// A message received by the development SMTP sink (<c>Mail:DevSink:Enabled</c>, hosted by the web app for the demo):
/// what a rep would have found in their mailbox. Never used in production, where mail goes to a real server.
/// </summary>
public sealed class DevMailboxMessage
{
    public long Id { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public string? MessageId { get; init; }
    public string From { get; init; } = "";
    /// <summary>The SMTP envelope recipients (comma separated), which is where the message was delivered.</summary>
    public string To { get; init; } = "";
    public string Subject { get; init; } = "";
    /// <summary>The <c>Content-Language</c> header, if any.</summary>
    public string? Language { get; init; }
    public string TextBody { get; init; } = "";
    /// <summary>The message as received (headers and MIME body), to check encodings.</summary>
    public string Raw { get; init; } = "";
}

/// <summary>
/// The development sink's mailbox: table <c>devsink.messages</c>, in the same database but outside the product's model
/// and migrations, so a production schema never carries it. The sink creates it when it starts (only when enabled).
/// </summary>
public sealed class DevMailbox(NpgsqlDataSource dataSource)
{
    // Two web apps starting on one database would race on CREATE ... IF NOT EXISTS (a unique violation in the catalog).
    private const long CreateLock = 0x64657673696E6B; // "devsink"

    private const string Columns = "id, received_at, message_id, sender, recipients, subject, language, text_body, raw";

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("""
            SELECT pg_advisory_xact_lock(@lock);
            CREATE SCHEMA IF NOT EXISTS devsink;
            CREATE TABLE IF NOT EXISTS devsink.messages (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                received_at timestamptz NOT NULL,
                message_id text,
                sender text NOT NULL,
                recipients text NOT NULL,
                subject text NOT NULL,
                language text,
                text_body text NOT NULL,
                raw text NOT NULL);
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("lock", CreateLock);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task AddAsync(DevMailboxMessage message, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO devsink.messages (received_at, message_id, sender, recipients, subject, language, text_body, raw) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = message.ReceivedAt });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)message.MessageId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = message.From });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = message.To });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = message.Subject });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)message.Language ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = message.TextBody });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = message.Raw });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM devsink.messages");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The latest <paramref name="count"/> messages, newest first.</summary>
    public async Task<List<DevMailboxMessage>> LatestAsync(int count, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM devsink.messages ORDER BY id DESC LIMIT $1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var messages = new List<DevMailboxMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new DevMailboxMessage
            {
                Id = reader.GetInt64(0),
                ReceivedAt = reader.GetFieldValue<DateTimeOffset>(1),
                MessageId = reader.IsDBNull(2) ? null : reader.GetString(2),
                From = reader.GetString(3),
                To = reader.GetString(4),
                Subject = reader.GetString(5),
                Language = reader.IsDBNull(6) ? null : reader.GetString(6),
                TextBody = reader.GetString(7),
                Raw = reader.GetString(8),
            });
        }
        return messages;
    }
}
