namespace Forecast.Web;

/// <summary>Anchor for the reminders and mailbox pages' strings: English text is the key, Resources/RemindersText.zh-TW.resx the translation.</summary>
public sealed class RemindersText;
