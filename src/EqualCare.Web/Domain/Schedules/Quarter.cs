namespace EqualCare.Web.Domain.Schedules;

/// <summary>A calendar quarter (Q1 = January–March): the period of the quarterly check-up.</summary>
public readonly record struct Quarter(int Year, int Number)
{
    public static Quarter Containing(DateOnly day) => new(day.Year, (day.Month - 1) / 3 + 1);

    public DateOnly Start => new(Year, (Number - 1) * 3 + 1, 1);
    public DateOnly End => Start.AddMonths(3).AddDays(-1);
    public Quarter Previous => Number == 1 ? new(Year - 1, 4) : new(Year, Number - 1);
    public bool Contains(DateOnly day) => day >= Start && day <= End;

    public override string ToString() => $"{Year}Q{Number}";
}
