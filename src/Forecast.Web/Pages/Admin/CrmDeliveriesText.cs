namespace Forecast.Web;

/// <summary>Anchor for the CRM deliveries page's strings: English text is the key, Resources/CrmDeliveriesText.zh-TW.resx the translation.</summary>
public sealed class CrmDeliveriesText;
