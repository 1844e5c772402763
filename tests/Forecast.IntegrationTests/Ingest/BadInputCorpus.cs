using System.IO.Compression;
using System.Text;
using Npgsql;

namespace Forecast.IntegrationTests.Ingest;

/// <summary>
/// The acceptance corpus of issue 11: bad CSV exports and pushed JSON bodies an attacker or a careless integrator
/// sends, each with where the report must point. Every case appends to (or replaces a file of) the demo exports, so the
/// rest of the folder is valid and the case alone decides the rejection.
/// </summary>
internal static class BadInputCorpus
{
    /// <summary>The line a row appended to the file starts on (the files end with a newline).</summary>
    public const long Appended = -1;

    /// <summary>One bad export: how the demo folder is broken, and the file, line, column and reason the report must give.</summary>
    public sealed record CsvCase(string Side, Action<string> Break, string File, long Line, string Column, string Reason);

    /// <summary>One bad push: the entity path, the body's bytes, and the record, field and reason the 400 must give.</summary>
    public sealed record PushCase(string Path, byte[] Body, long Record, string Field, string Reason);

    private static readonly string LongName = new('名', 1001);
    private static readonly string HugeName = new('x', 200_000);
    private static readonly string LongKey = new('K', 257);
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";

    /// <summary>A CSV cell, quoted (quotes doubled) so commas, quotes and line breaks stay inside it.</summary>
    private static string Q(string cell) => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static Action<string> Append(string file, string row) => folder =>
        File.AppendAllText(Path.Combine(folder, file), row + "\n", new UTF8Encoding(false));

    private static Action<string> Customer(string name = "Lin Machining", string email = "buyer@lin.example", string code = "C0100", string credit = "1000") =>
        Append("CUSTOMER.csv", $"{Q(code)},{Q(name)},,TW,en,N30,{credit},{Q(email)}");

    private static Action<string> Gzipped(string file, Func<byte[], byte[]> spoil) => folder =>
    {
        var path = Path.Combine(folder, file);
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var text = File.ReadAllBytes(path);
            for (var i = 0; i < 200; i++)
                gzip.Write(text);
        }
        File.Delete(path);
        File.WriteAllBytes(path + ".gz", spoil(packed.ToArray()));
    };

    private static byte[] FlipMiddle(byte[] bytes)
    {
        for (var i = bytes.Length / 3; i < bytes.Length / 3 + 64; i++)
            bytes[i] = 0xFF;
        return bytes;
    }

    public static readonly Dictionary<string, CsvCase> Csv = new()
    {
        // Dates outside the bounds: PostgreSQL would store year 1 / 9999 as -infinity / infinity.
        ["erp order dated year 1"] = new("erp", Append("SO_HEADER.csv", "SO24005,C0001,0001/01/01,,O,TWD"), "SO_HEADER.csv", Appended, "SO_DATE", "outside the accepted dates"),
        ["erp order dated year 9999"] = new("erp", Append("SO_HEADER.csv", "SO24005,C0001,9999/12/31,,O,TWD"), "SO_HEADER.csv", Appended, "SO_DATE", "outside the accepted dates"),
        ["erp requested date 1899"] = new("erp", Append("SO_HEADER.csv", "SO24005,C0001,2024/07/01,1899/12/31,O,TWD"), "SO_HEADER.csv", Appended, "REQ_DATE", "outside the accepted dates"),
        ["erp ROC due date past 2199"] = new("erp", Append("AR_INVOICE.csv", "INV1139999,C0001,,113/07/01,289/01/01,1000,0,TWD"), "AR_INVOICE.csv", Appended, "DUE_DATE", "outside the accepted dates"),
        ["erp stock as of year 1"] = new("erp", Append("STOCK.csv", "CN-1001,KHH,5,0001/01/01"), "STOCK.csv", Appended, "AS_OF", "outside the accepted dates"),
        ["erp supply due 9999"] = new("erp", Append("PO_OPEN.csv", "PO9999,1,CN-1001,10,9999/12/31,Hsin Tools"), "PO_OPEN.csv", Appended, "ETA", "outside the accepted dates"),
        ["crm activity dated year 1"] = new("crm", Append("Activities.csv", "AC99,A001,U01,,Call,01.01.0001,Hello"), "Activities.csv", Appended, "Activity_Date", "outside the accepted dates"),
        ["crm deal created 9999"] = new("crm", Append("Opportunities.csv", "OP99,A001,U01,Deal,Negotiation,10,31.12.9999,,,Open,Referral"), "Opportunities.csv", Appended, "Created_Date", "outside the accepted dates"),

        // Lengths.
        ["erp customer name over 1000 characters"] = new("erp", Customer(name: LongName), "CUSTOMER.csv", Appended, "CUST_NM", "1,001 characters; at most 1,000"),
        ["erp customer name of 200,000 characters"] = new("erp", Customer(name: HugeName), "CUSTOMER.csv", Appended, "CUST_NM", "200,000 characters"),
        ["crm account name over 1000 characters"] = new("crm", Append("Accounts.csv", $"A099,{LongName},x.example,,TW,,U01"), "Accounts.csv", Appended, "Client_Name", "at most 1,000"),
        ["erp customer key over 256 characters"] = new("erp", Customer(code: LongKey), "CUSTOMER.csv", Appended, "CUST_NO", "257 characters; at most 256"),
        ["erp composite key over 256 characters"] = new("erp", Append("STOCK.csv", $"CN-1001,{new string('W', 250)},5,2024/06/30"), "STOCK.csv", Appended, "ITEM_NO+WH", "at most 256"),
        ["erp product reference over 256 characters"] = new("erp", Append("SO_LINE.csv", $"SO24001,9,{LongKey},1,10,N"), "SO_LINE.csv", Appended, "ITEM_NO", "at most 256"),

        // Email addresses that are not one address.
        ["erp customer email list"] = new("erp", Customer(email: "a@x.example, b@y.example"), "CUSTOMER.csv", Appended, "EMAIL", "not one email address"),
        ["erp customer email with CRLF header"] = new("erp", Customer(email: "a@x.example\r\nBcc: victim@y.example"), "CUSTOMER.csv", Appended, "EMAIL", "control character (U+000D)"),
        ["erp customer email with display name"] = new("erp", Customer(email: "Buyer <a@x.example>"), "CUSTOMER.csv", Appended, "EMAIL", "not one email address"),
        ["erp customer email without domain"] = new("erp", Customer(email: "purchasing"), "CUSTOMER.csv", Appended, "EMAIL", "not one email address"),
        ["crm rep email semicolon list"] = new("crm", Append("Users.csv", "U99,Cara Lee,a@x.example;b@y.example,North,true"), "Users.csv", Appended, "Email", "not one email address"),
        ["crm contact email with LF"] = new("crm", Append("Contacts.csv", $"K099,A001,Mei,{Q("mei@x.example\nX-Injected: 1")},,en,0"), "Contacts.csv", Appended, "Email", "control character (U+000A)"),

        // Control characters, NUL, broken text.
        ["erp customer name with NUL"] = new("erp", Customer(name: "Lin\0Machining"), "CUSTOMER.csv", Appended, "CUST_NM", "control character (U+0000)"),
        ["erp customer name with bell"] = new("erp", Customer(name: "Lin\aMachining"), "CUSTOMER.csv", Appended, "CUST_NM", "control character (U+0007)"),
        ["erp customer name with terminal escape"] = new("erp", Customer(name: "\u001b[31mLin"), "CUSTOMER.csv", Appended, "CUST_NM", "control character (U+001B)"),
        ["erp customer name with line break"] = new("erp", Customer(name: "Lin\nMachining"), "CUSTOMER.csv", Appended, "CUST_NM", "control character (U+000A)"),
        ["erp customer name with C1 control"] = new("erp", Customer(name: "Lin\u0085Machining"), "CUSTOMER.csv", Appended, "CUST_NM", "control character (U+0085)"),
        ["erp customer key with NUL"] = new("erp", Customer(code: "C01\u000000"), "CUSTOMER.csv", Appended, "CUST_NO", "control character (U+0000)"),
        ["erp product key with tab"] = new("erp", Append("ITEM.csv", $"{Q("CN-\t9")},Drill,Cutting,PCS,Hsin Tools,21,100,10,50,80"), "ITEM.csv", Appended, "ITEM_NO", "control character (U+0009)"),
        ["erp product name with NUL"] = new("erp", Append("ITEM.csv", "CN-1009,Drill\0,Cutting,PCS,Hsin Tools,21,100,10,50,80"), "ITEM.csv", Appended, "ITEM_DESC", "control character (U+0000)"),
        ["crm rep name with bell"] = new("crm", Append("Users.csv", "U99,Cara\aLee,cara@x.example,North,true"), "Users.csv", Appended, "Full_Name", "control character (U+0007)"),
        ["crm activity subject with NUL"] = new("crm", Append("Activities.csv", "AC99,A001,U01,,Call,02.04.2024,Call\0back"), "Activities.csv", Appended, "Subject", "control character (U+0000)"),
        ["crm account key with NUL"] = new("crm", Append("Accounts.csv", "A0\09,Lin,x.example,,TW,,U01"), "Accounts.csv", Appended, "Account_Id", "control character (U+0000)"),

        // Numbers the columns cannot hold (numeric overflow was a PostgreSQL error).
        ["erp quantity 1e20"] = new("erp", Append("SO_LINE.csv", "SO24001,9,CN-1001,1e20,10,N"), "SO_LINE.csv", Appended, "QTY", "too large"),
        ["erp credit limit over the column"] = new("erp", Customer(credit: "100000000000000"), "CUSTOMER.csv", Appended, "CREDIT_LMT", "too large"),
        ["crm deal amount over the column"] = new("crm", Append("Opportunities.csv", "OP99,A001,U01,Deal,Negotiation,1e15,15.03.2024,,,Open,Referral"), "Opportunities.csv", Appended, "Amount", "too large"),

        // Files that are not what they claim.
        ["erp corrupt gzip"] = new("erp", folder =>
        {
            File.Delete(Path.Combine(folder, "CUSTOMER.csv"));
            File.WriteAllBytes(Path.Combine(folder, "CUSTOMER.csv.gz"), [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x13, 0x37]);
        }, "CUSTOMER.csv.gz", 1, "", "not a valid gzip file"),
        ["erp gzip corrupt in the middle"] = new("erp", Gzipped("SO_LINE.csv", FlipMiddle), "SO_LINE.csv.gz", 1, "", "gzip"),
        ["erp symbolic link to a system file"] = new("erp", folder =>
        {
            File.Delete(Path.Combine(folder, "CUSTOMER.csv"));
            File.CreateSymbolicLink(Path.Combine(folder, "CUSTOMER.csv"), "/etc/passwd");
        }, "CUSTOMER.csv", 0, "", "a symbolic link"),
        ["erp dangling symbolic link"] = new("erp", folder =>
        {
            File.Delete(Path.Combine(folder, "ITEM.csv"));
            File.CreateSymbolicLink(Path.Combine(folder, "ITEM.csv"), Path.Combine(folder, "nowhere.csv"));
        }, "ITEM.csv", 0, "", "a symbolic link"),
        ["erp empty file"] = new("erp", folder => File.WriteAllBytes(Path.Combine(folder, "STOCK.csv"), []), "STOCK.csv", 0, "", "empty, or not a regular file"),
        ["erp unrelated file under an export's name"] = new("erp", folder => File.WriteAllText(Path.Combine(folder, "CUSTOMER.csv"), Passwd),
            "CUSTOMER.csv", 1, "CUST_NO", "none of the columns the mapping reads"),
        ["erp invalid UTF-8 bytes"] = new("erp", folder => File.AppendAllText(Path.Combine(folder, "CUSTOMER.csv"), "C0100,Lin \u00e9,,TW,en,N30,1,a@x.example\n", Encoding.Latin1),
            "CUSTOMER.csv", 1, "", "not UTF-8"),
        ["erp ragged row"] = new("erp", Append("SO_HEADER.csv", "SO24005,C0001,2024/07/01"), "SO_HEADER.csv", Appended, "", "the row has 3 cells"),
    };

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>A body with bytes that are not UTF-8 inside a string value (the JSON itself is well formed).</summary>
    private static byte[] WithInvalidUtf8(string before, string after) => [.. Encoding.UTF8.GetBytes(before), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes(after)];

    public static readonly Dictionary<string, PushCase> Push = new()
    {
        ["push name with NUL"] = new("erp/customers", Utf8("""[ { "key": "C1", "name": "Acme\u0000" } ]"""), 1, "name", "control character (U+0000)"),
        ["push name with escape sequence"] = new("erp/customers", Utf8("""[ { "key": "C1", "name": "ok" }, { "key": "C2", "name": "\u001b]0;owned\u0007" } ]"""), 2, "name", "control character (U+001B)"),
        ["push name over 1000 characters"] = new("erp/customers", Utf8($$"""[ { "key": "C1", "name": "{{LongName}}" } ]"""), 1, "name", "at most 1,000"),
        ["push name with unpaired high surrogate"] = new("erp/customers", Utf8("""[ { "key": "C1", "name": "Acme \ud800 Tools" } ]"""), 1, "name", "unpaired surrogate"),
        ["push key with unpaired low surrogate"] = new("erp/customers", Utf8("""[ { "key": "C\udc001", "name": "Acme" } ]"""), 1, "key", "unpaired surrogate"),
        ["push name with invalid UTF-8"] = new("erp/customers", WithInvalidUtf8("[ { \"key\": \"C1\", \"name\": \"Acme", "\" } ]"), 1, "name", "not valid text"),
        ["push field name with invalid UTF-8"] = new("erp/customers", WithInvalidUtf8("[ { \"key\": \"C1\", \"name\": \"Acme\", \"x", "\": 1 } ]"), 1, "(field name)", "not valid text"),
        ["push alias with invalid UTF-8"] = new("erp/customers", WithInvalidUtf8("[ { \"key\": \"C1\", \"name\": \"Acme\", \"aliases\": [\"ok\", \"x", "\"] } ]"), 1, "aliases[1]", "not valid text"),
        ["push email list"] = new("erp/customers", Utf8("""[ { "key": "C1", "name": "Acme", "email": "a@x.example, b@y.example" } ]"""), 1, "email", "not one email address"),
        ["push email with CRLF"] = new("erp/customers", Utf8("""[ { "key": "C1", "name": "Acme", "email": "a@x.example\r\nBcc: b@y.example" } ]"""), 1, "email", "control character (U+000D)"),
        ["push rep email with display name"] = new("crm/reps", Utf8("""[ { "key": "U9", "name": "Cara", "email": "Cara <cara@x.example>" } ]"""), 1, "email", "not one email address"),
        ["push key over 256 characters"] = new("erp/customers", Utf8($$"""[ { "key": "{{LongKey}}", "name": "Acme" } ]"""), 1, "key", "at most 256"),
        ["push key with NUL"] = new("erp/customers", Utf8("""[ { "key": "C\u00001", "name": "Acme" } ]"""), 1, "key", "control character (U+0000)"),
        ["push order dated year 1"] = new("erp/sales-orders", Utf8("""[ { "key": "SO9", "customer": "C0001", "orderDate": "0001-01-01" } ]"""), 1, "orderDate", "outside the accepted dates"),
        ["push order dated year 9999"] = new("erp/sales-orders", Utf8("""[ { "key": "SO9", "customer": "C0001", "orderDate": "9999-12-31" } ]"""), 1, "orderDate", "outside the accepted dates"),
        ["push reference system over 64 characters"] = new("erp/sales-orders", Utf8($$"""[ { "key": "SO9", "customer": { "system": "{{new string('s', 65)}}", "key": "C0001" }, "orderDate": "2024-05-02" } ]"""),
            1, "customer.system", "65 characters; at most 64"),
        ["push reference system with NUL"] = new("erp/sales-orders", Utf8("""[ { "key": "SO9", "customer": { "system": "erp\u0000", "key": "C0001" }, "orderDate": "2024-05-02" } ]"""),
            1, "customer.system", "control character (U+0000)"),
        ["push credit limit 1e20"] = new("erp/customers", Utf8("""[ { "key": "C1", "name": "Acme", "creditLimit": 1e20 } ]"""), 1, "creditLimit", "too large"),
        ["push contact name with line break"] = new("crm/contacts", Utf8("""[ { "key": "K9", "account": "A001", "name": "Mei\nX-Header: 1" } ]"""), 1, "name", "control character (U+000A)"),
        ["push activity subject with NUL"] = new("crm/activities", Utf8("""[ { "key": "AC9", "account": "A001", "kind": "Call", "occurredOn": "2024-04-02", "subject": "call\u0000" } ]"""), 1, "subject", "control character (U+0000)"),
        ["push activity dated 2200"] = new("crm/activities", Utf8("""[ { "key": "AC9", "account": "A001", "kind": "Call", "occurredOn": "2200-01-01" } ]"""), 1, "occurredOn", "outside the accepted dates"),
    };

    /// <summary>An md5 of every row of every table of the erp and crm schemas, found in the catalog (a new table is covered too).</summary>
    public static async Task<Dictionary<string, string>> ChecksumsAsync(NpgsqlDataSource dataSource)
    {
        var sums = new Dictionary<string, string>();
        await using var connection = await dataSource.OpenConnectionAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema IN ('erp', 'crm') AND table_type = 'BASE TABLE' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        }
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t", connection);
            sums[table] = (string)(await command.ExecuteScalarAsync())!;
        }
        return sums;
    }

    /// <summary>What a user must never see: a stack trace, a .NET type or the database's own words.</summary>
    public static void AssertNoInternals(string text)
    {
        foreach (var leak in new[] { "Exception", "   at ", "System.", "Forecast.Core", "Npgsql", "SqlState", "database is reachable", "root:x:0:0" })
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);
    }
}
