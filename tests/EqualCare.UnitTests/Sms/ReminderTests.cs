using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Features.Notices;
using EqualCare.Web.Features.Sms;

namespace EqualCare.UnitTests.Sms;

public class ReminderTests
{
    [Fact]
    public void The_reminder_names_office_person_service_and_date_and_nothing_else()
    {
        var text = SmsText.Reminder("祥和社区居委会", "王秀兰", "康检（查环查孕查病）", new DateOnly(2027, 1, 1));
        Assert.Equal("【祥和社区居委会】王秀兰：您的康检（查环查孕查病）应于1月1日办理，请按时前往。如已办理请忽略。", text);
    }

    [Fact]
    public void Long_names_are_cut_so_a_reminder_stays_one_message()
    {
        var text = SmsText.Reminder(new string('社', 40), new string('名', 20), new string('项', 40), new DateOnly(2027, 12, 31));
        Assert.True(text.Length <= SmsText.MaxLength, text);
        Assert.StartsWith("【" + new string('社', 12) + "】" + new string('名', 6) + "：", text, StringComparison.Ordinal);
        Assert.Contains("12月31日", text, StringComparison.Ordinal);
    }

    static DueItem Item(DateOnly due, bool overdue = false) =>
        new(CareKind.WomensCheckup, "康检", due, due, due.AddMonths(3).AddDays(-1), overdue, "seed 001");

    [Theory]
    [InlineData(-1, false, false)] // fell due yesterday: the reminder day has passed
    [InlineData(0, false, true)]
    [InlineData(3, false, true)]
    [InlineData(4, false, false)] // too early for a 3-day reminder
    [InlineData(2, true, false)] // overdue items are for the to-do list, not for a reminder
    public void Items_are_reminded_from_the_days_before_until_the_due_date(int inDays, bool overdue, bool reminded)
    {
        var today = new DateOnly(2026, 12, 29);
        var items = Reminders.ToRemind([Item(today.AddDays(inDays), overdue)], today, daysBefore: 3);
        Assert.Equal(reminded, items.Any());
    }

    [Fact]
    public void An_item_on_both_the_list_of_today_and_of_the_last_reminder_day_is_reminded_once()
    {
        var today = new DateOnly(2026, 12, 29);
        var quarter = Item(new DateOnly(2027, 1, 1));
        Assert.Single(Reminders.ToRemind([quarter, quarter with { }, Item(today.AddDays(-40))], today, daysBefore: 3));
    }

    [Fact]
    public void The_dedupe_key_is_person_item_and_due_date()
    {
        var item = new DueItem(CareKind.Immunisation, "乙肝疫苗第2剂", new DateOnly(2027, 1, 5), new DateOnly(2027, 1, 5), new DateOnly(2027, 12, 1),
            false, "NIP 2021", "HepB-2");
        Assert.Equal("42|Immunisation|HepB-2|2027-01-05", Reminders.DedupeKey(42, item));
        Assert.NotEqual(Reminders.DedupeKey(42, item), Reminders.DedupeKey(42, item with { Due = new DateOnly(2027, 1, 6) }));
    }

    [Theory]
    [InlineData("2026-11-30T23:00:00Z", "08:00", 1.0)] // 07:00 in Beijing: an hour to go
    [InlineData("2026-12-01T00:00:00Z", "08:00", 24.0)] // exactly the time: the next run is tomorrow
    [InlineData("2026-12-01T01:30:00Z", "08:00", 22.5)]
    [InlineData("2026-12-01T01:30:00Z", "23:30", 14.0)]
    public void The_daily_run_waits_until_the_next_run_time_in_beijing(string nowUtc, string runAt, double hours)
    {
        var wait = ReminderService.UntilNext(DateTimeOffset.Parse(nowUtc, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(runAt, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromHours(hours), wait);
    }

    [Theory]
    [InlineData("", true, 0)]
    [InlineData("12, 15,12", true, 2)]
    [InlineData("12,abc", false, 0)]
    [InlineData("-3", false, 0)]
    [InlineData(" , ", false, 0)]
    public void Person_ids_are_comma_separated_positive_numbers(string text, bool valid, int count)
    {
        Assert.Equal(valid, NoticeHandler.TryParseIds(text, out var ids));
        if (valid) Assert.Equal(count, ids.Count);
    }
}
