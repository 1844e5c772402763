using Forecast.Modeling.Customers;

namespace Forecast.UnitTests.Customers;

public sealed class CompanyNameTests
{
    [Theory]
    [InlineData("ＡＢＣ　Co.,Ltd", "abc")]
    [InlineData("ABC Company Limited", "abc")]
    [InlineData("abc co. ltd.", "abc")]
    [InlineData("A.B.C. Inc.", "abc")]
    [InlineData("Tatung Precision Industrial Co., Ltd.", "tatungprecisionindustrial")]
    [InlineData("TA-TUNG PRECISION INDUSTRIAL CORP", "tatungprecisionindustrial")]
    [InlineData("Keller Werkzeug GmbH & Co. KG", "kellerwerkzeug")]
    [InlineData("The Apex Tooling LLC", "apextooling")]
    [InlineData("Mason Industrial Supply Public Co., Ltd.", "masonindustrialsupply")]
    [InlineData("Tan Engineering Sdn. Bhd.", "tanengineering")]
    [InlineData("大同精密工業股份有限公司", "大同精密工業")]
    [InlineData("大同精密工業（股）公司", "大同精密工業")]
    [InlineData("大同精密工業有限公司", "大同精密工業")]
    [InlineData("臺灣精機股份有限公司", "台灣精機")]
    [InlineData(" 大同 精密 工業 股份有限公司 ", "大同精密工業")]
    public void Parse_GivesTheIdentityKey_WhenLegalFormWidthCaseAndPunctuationVary(string name, string expectedKey)
    {
        Assert.Equal(expectedKey, CompanyName.Parse(name).Key);
    }

    [Fact]
    public void Parse_KeepsOneWord_WhenTheNameIsOnlyALegalForm()
    {
        Assert.Equal("company", CompanyName.Parse("Company Ltd.").Key);
    }

    [Theory]
    [InlineData("大同精密工業股份有限公司", NameScript.Han)]
    [InlineData("Tatung Precision", NameScript.Latin)]
    [InlineData("ＡＢＣ", NameScript.Latin)]
    [InlineData("1234", NameScript.None)]
    public void Parse_DetectsTheScript_WhenGivenAName(string name, NameScript expected)
    {
        Assert.Equal(expected, CompanyName.Parse(name).Script);
    }

    [Fact]
    public void Parse_DropsGenericWordsFromTheCore_WhenTheNameEndsWithOne()
    {
        Assert.Equal("大同精密", CompanyName.Parse("大同精密工業股份有限公司").Core);
        Assert.Equal("tatungprecision", CompanyName.Parse("Tatung Precision Industrial Co., Ltd.").Core);
    }
}
