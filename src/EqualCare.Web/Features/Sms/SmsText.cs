using System.Globalization;

namespace EqualCare.Web.Features.Sms;

/// <summary>
/// The wording of a reminder. An SMS may be read by anyone holding the phone, so it names the person and the service but
/// never the ID number or any finding; the office's name is the signature (【…】) that Chinese carriers require.
/// </summary>
public static class SmsText
{
    /// <summary>Carriers split messages longer than this; the names are cut so one reminder stays one message.</summary>
    public const int MaxLength = 70;

    public static string Reminder(string officeName, string personName, string itemName, DateOnly due)
    {
        var date = due.ToString("M月d日", CultureInfo.InvariantCulture);
        var text = $"【{Cut(officeName, 12)}】{Cut(personName, 6)}：您的{Cut(itemName, 16)}应于{date}办理，请按时前往。如已办理请忽略。";
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }

    static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
