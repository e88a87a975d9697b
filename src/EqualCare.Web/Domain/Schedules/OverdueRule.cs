namespace EqualCare.Web.Domain.Schedules;

/// <summary>
/// 逾期: an item is overdue only when its window ended before today. An item whose window ends today, or later, or that
/// falls due on a later day is not overdue, however late the service already is (a dose past the age the 说明 asks it
/// done by that can only be given next month is due next month, not overdue). Every producer of the to-do list, the
/// due list and the notices judges overdue here, so the list, its counts and the home page agree.
/// </summary>
public static class OverdueRule
{
    public static bool IsOverdue(DateOnly due, DateOnly windowEnd, DateOnly today) => today > windowEnd && today > due;
}
