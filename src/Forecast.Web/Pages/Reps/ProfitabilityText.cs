namespace Forecast.Web;

/// <summary>Anchor for the profitability page's strings: English text is the key, Resources/ProfitabilityText.zh-TW.resx the translation.</summary>
public sealed class ProfitabilityText;
