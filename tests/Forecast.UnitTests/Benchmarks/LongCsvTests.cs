using Forecast.Benchmarks.Backtest;

namespace Forecast.UnitTests.Benchmarks;

/// <summary>The backtest's long CSV, read and written through Sep: a quoted series id survives the round trip.</summary>
public sealed class LongCsvTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("longcsv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Read_KeepsAQuotedIdWithACommaAQuoteAndANewline_AndGroupsItsRows()
    {
        var input = Path.Combine(_folder, "in.csv");
        File.WriteAllText(input, "series_id,t,y,split\n\"A, \"\"x\"\"\nB\",1,3,train\n\"A, \"\"x\"\"\nB\",3,5,train\n\"A, \"\"x\"\"\nB\",4,6,test\nC,1,NA,train\n");

        var series = LongCsv.Read(input).ToList();

        Assert.Equal(2, LongCsv.CountSeries(input));
        Assert.Equal(["A, \"x\"\nB", "C"], series.Select(s => s.Id));
        Assert.Equal([3, double.NaN, 5], series[0].Train);
        Assert.Equal(1, series[0].TestCount);
    }

    [Fact]
    public void Read_RefusesRowsOfASeriesThatAreNotContiguous()
    {
        var input = Path.Combine(_folder, "in.csv");
        File.WriteAllText(input, "series_id,t,y\nA,1,1\nB,1,1\nA,2,1\n");

        var e = Assert.Throws<FormatException>(() => LongCsv.Read(input).ToList());
        Assert.Contains("line 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateOutput_QuotesAnAwkwardId_AndAppendsWithoutASecondHeader()
    {
        var output = Path.Combine(_folder, "out.csv");
        using (var writer = LongCsv.CreateOutput(output, append: false))
            LongCsv.WriteRow(writer, ["A, \"x\"", "naive", "1", "2", "1", "3", "0.1"]);
        using (var writer = LongCsv.CreateOutput(output, append: true))
            LongCsv.WriteRow(writer, ["B", "gbm", "1", "2", "1", "3", "0.1"]);

        Assert.Equal("series_id,method,step,yhat,lo80,hi80,fit_seconds\n\"A, \"\"x\"\"\",naive,1,2,1,3,0.1\nB,gbm,1,2,1,3,0.1\n", File.ReadAllText(output));
    }
}
