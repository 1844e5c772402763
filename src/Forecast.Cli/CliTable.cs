using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using nietras.SeparatedValues;
using Spectre.Console;

namespace Forecast.Cli;

/// <summary>How a command prints its rows.</summary>
internal enum OutputFormat
{
    /// <summary>A drawn table on a terminal, tab-separated text when the output is piped or redirected.</summary>
    Auto,
    Table,
    Tsv,
    Csv,
    Json,
}

/// <summary>
/// The rows a command prints, written as a drawn table for a person at a terminal and as plain rows for a pipe: a
/// table wrapped at 80 columns splits a SKU over two lines, so <c>forecast inventory at-risk | grep BR-1010</c> found
/// nothing. Titles and summaries go to standard error in the machine formats, so standard output holds only rows.
/// </summary>
internal sealed class CliTable(params CliColumn[] columns)
{
    /// <summary>The shared <c>--format</c> option, given to every command below the root.</summary>
    public static readonly Option<OutputFormat> FormatOption = new("--format")
    {
        Description = "Output: auto (a table on a terminal, tab-separated when piped), table, tsv, csv or json.",
        DefaultValueFactory = _ => OutputFormat.Auto,
        Recursive = true,
    };

    private readonly List<string?[]> rows = [];

    public string? Title { get; init; }

    /// <summary>One row; a null cell is empty (table: "-").</summary>
    public void Add(params string?[] cells)
    {
        if (cells.Length != columns.Length)
            throw new ArgumentException($"A row has {cells.Length} cells for {columns.Length} columns.", nameof(cells));
        rows.Add(cells);
    }

    /// <summary>The format actually used: <see cref="OutputFormat.Auto"/> becomes a table or tab-separated rows.</summary>
    public static OutputFormat Resolve(OutputFormat format) =>
        format != OutputFormat.Auto ? format : Console.IsOutputRedirected ? OutputFormat.Tsv : OutputFormat.Table;

    /// <summary>Whether this command's output is drawn for a person (a table on a terminal) rather than printed as rows.</summary>
    public static bool IsDrawn(ParseResult parse) => Resolve(parse.GetValue(FormatOption)) == OutputFormat.Table;

    public void Write(ParseResult parse) => Write(parse.GetValue(FormatOption));

    public void Write(OutputFormat format)
    {
        switch (Resolve(format))
        {
            case OutputFormat.Table:
                WriteTable();
                break;
            case OutputFormat.Tsv:
                Note(Title);
                Console.Out.WriteLine(string.Join('\t', columns.Select(c => c.Name)));
                foreach (var row in rows)
                    Console.Out.WriteLine(string.Join('\t', row.Select(Plain)));
                break;
            case OutputFormat.Csv:
                Note(Title);
                using (var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(Console.Out, leaveOpen: true))
                {
                    foreach (var row in rows)
                    {
                        using var line = writer.NewRow();
                        for (var i = 0; i < columns.Length; i++)
                            line[columns[i].Name].Set(row[i] ?? "");
                    }
                    if (rows.Count == 0)
                        Console.Out.WriteLine(string.Join(',', columns.Select(c => c.Name)));
                }
                break;
            case OutputFormat.Json:
                Note(Title);
                using (var json = new Utf8JsonWriter(Console.OpenStandardOutput(), new JsonWriterOptions { Indented = true }))
                {
                    json.WriteStartArray();
                    foreach (var row in rows)
                    {
                        json.WriteStartObject();
                        for (var i = 0; i < columns.Length; i++)
                        {
                            if (row[i] is not { } cell)
                                json.WriteNull(columns[i].Name);
                            else if (columns[i].Numeric && decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                                json.WriteNumber(columns[i].Name, number);
                            else
                                json.WriteString(columns[i].Name, cell);
                        }
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                Console.Out.WriteLine();
                break;
        }
    }

    /// <summary>A line for the person reading (summary, next step): standard output next to a table, standard error otherwise.</summary>
    public static void Say(ParseResult parse, string line)
    {
        if (IsDrawn(parse))
            Console.Out.WriteLine(line);
        else
            Console.Error.WriteLine(line);
    }

    private void WriteTable()
    {
        var table = new Table();
        if (Title is not null)
            table.Title(Markup.Escape(Title));
        foreach (var column in columns)
        {
            var drawn = new TableColumn(Markup.Escape(column.Name));
            if (column.Numeric)
                drawn.RightAligned();
            table.AddColumn(drawn);
        }
        foreach (var row in rows)
            table.AddRow(row.Select(c => Markup.Escape(c ?? "-")).ToArray());
        AnsiConsole.Write(table);
    }

    private static void Note(string? line)
    {
        if (line is not null)
            Console.Error.WriteLine(line);
    }

    // One row per line whatever the cell holds: tabs and line breaks inside a value become spaces.
    private static string Plain(string? cell) =>
        cell is null ? "" : cell.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}

/// <summary>A column of a <see cref="CliTable"/>: numeric columns are right-aligned and JSON numbers.</summary>
internal sealed record CliColumn(string Name, bool Numeric = false)
{
    public static implicit operator CliColumn(string name) => new(name);

    public static CliColumn Number(string name) => new(name, Numeric: true);
}
