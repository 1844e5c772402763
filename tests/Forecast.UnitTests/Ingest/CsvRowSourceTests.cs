using System.IO.Compression;
using System.Text;
using Forecast.Core.Ingest;

namespace Forecast.UnitTests.Ingest;

public sealed class CsvRowSourceTests : IDisposable
{
    private const string ChineseName = "大同精密工業股份有限公司";
    private readonly string _folder = Directory.CreateTempSubdirectory("forecast-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static List<(int Line, string[] Cells)> ReadAll(CsvRowSource source)
    {
        var rows = new List<(int, string[])>();
        var row = new RowBuffer();
        while (source.Read(row))
            rows.Add((row.Line, Enumerable.Range(0, row.Count).Select(i => row[i].ToString()).ToArray()));
        return rows;
    }

    private static CsvRowSource Open(string path, string? encoding = null)
    {
        var source = CsvRowSource.Open(path, FileEncodings.Resolve(encoding)!, encoding, ',', out var problem);
        Assert.Null(problem);
        return source;
    }

    [Fact]
    public void Read_GivesTheLineWhereEachRowStarts_WhenACellHoldsAQuotedNewline()
    {
        var path = Write("ITEM.csv", Encoding.UTF8.GetBytes("ITEM_NO,ITEM_DESC\nA,\"two\nlines\"\nB,\"say \"\"hi\"\", then, go\"\nC,plain\n"));
        using var source = Open(path);
        var rows = ReadAll(source);
        Assert.Equal(["ITEM_NO", "ITEM_DESC"], source.Header);
        Assert.Equal([2, 4, 5], rows.Select(r => r.Line));
        Assert.Equal("two\nlines", rows[0].Cells[1]);
        Assert.Equal("say \"hi\", then, go", rows[1].Cells[1]);
    }

    [Fact]
    public void Read_DropsTheByteOrderMark_SoTheFirstColumnKeepsItsName()
    {
        var path = Write("bom.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes($"CUST_NO,CUST_NM\nC1,{ChineseName}\n")]);
        using var source = Open(path);
        Assert.Equal("CUST_NO", source.Header[0]);
        Assert.Equal(ChineseName, ReadAll(source)[0].Cells[1]);
    }

    [Fact]
    public void Read_StreamsThroughGzip_WhenTheFileEndsInGz()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes("A,B\n1,2\n3,4\n"));
        using var source = Open(Write("x.csv.gz", buffer.ToArray()));
        Assert.Equal(["3", "4"], ReadAll(source)[1].Cells);
    }

    [Fact]
    public void Open_SaysTheFileLooksLikeBig5_WhenTheMappingExpectsUtf8()
    {
        var big5 = FileEncodings.Resolve("big5")!;
        var path = Write("CUSTOMER.csv", big5.GetBytes(string.Concat(Enumerable.Repeat($"C1,{ChineseName},台北市信義區\n", 20)).Insert(0, "CUST_NO,CUST_NM,ADDR\n")));
        var source = CsvRowSource.Open(path, FileEncodings.Resolve(null)!, null, ',', out var problem);
        Assert.Null(source);
        Assert.Contains("looks like Big5", problem, StringComparison.Ordinal);
        Assert.Contains("set \"encoding\" in the mapping", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DecodesBig5_WhenTheMappingNamesIt()
    {
        var path = Write("CUSTOMER.csv", FileEncodings.Resolve("big5")!.GetBytes($"CUST_NO,CUST_NM\nC1,{ChineseName}\n"));
        using var source = Open(path, "big5");
        Assert.Equal(ChineseName, ReadAll(source)[0].Cells[1]);
    }

    [Fact]
    public void Open_SaysTheFileLooksLikeUtf16_WhenItHasAUtf16ByteOrderMark()
    {
        var path = Write("u16.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("A,B\n1,2\n")]);
        var source = CsvRowSource.Open(path, FileEncodings.Resolve(null)!, null, ',', out var problem);
        Assert.Null(source);
        Assert.Contains("looks like UTF-16", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_DecodesUtf16_WhenTheMappingNamesIt(bool withBom)
    {
        var text = Encoding.Unicode.GetBytes($"CUST_NO,CUST_NM\nC1,{ChineseName}\n");
        using var source = Open(Write("u16.csv", withBom ? [.. Encoding.Unicode.GetPreamble(), .. text] : text), "utf-16");
        Assert.Equal("CUST_NO", source.Header[0]);
        Assert.Equal(ChineseName, ReadAll(source)[0].Cells[1]);
    }

    [Fact]
    public void Open_SaysTheFileLooksLikeUtf8_WhenTheMappingSaysBig5ButTheTextIsUtf8()
    {
        var path = Write("CUSTOMER.csv", Encoding.UTF8.GetBytes($"CUST_NO,CUST_NM\nC1,{ChineseName}\n"));
        var source = CsvRowSource.Open(path, FileEncodings.Resolve("big5")!, "big5", ',', out var problem);
        Assert.Null(source);
        Assert.Contains("the mapping says big5 but this file looks like UTF-8", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Throws_WhenBytesPastTheSniffedStartAreNotUtf8()
    {
        var good = Encoding.UTF8.GetBytes("A,B\n" + string.Concat(Enumerable.Repeat("x,y\n", 20_000)));
        var path = Write("late.csv", [.. good, .. "z,"u8, 0xB4, 0xF3, (byte)'\n']);
        using var source = Open(path);
        Assert.Throws<DecoderFallbackException>(() => ReadAll(source));
    }
}
