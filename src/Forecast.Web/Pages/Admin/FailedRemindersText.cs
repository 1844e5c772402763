namespace Forecast.Web;

/// <summary>Anchor for the failed-reminders page's strings: English text is the key, Resources/FailedRemindersText.zh-TW.resx the translation.</summary>
public sealed class FailedRemindersText;
