namespace EqualCare.Web.Domain.Indicators;

/// <summary>One change of an indicator's target, as kept in the append-only history: the latest change of an indicator wins.</summary>
public sealed class TargetChange
{
    public long Id { get; set; }
    public required string IndicatorCode { get; set; }
    public decimal TargetPercent { get; set; }
    public decimal AmberPercent { get; set; }
    public required string Reason { get; set; }
    public DateTime SetAt { get; set; }
    public required string SetBy { get; set; }
}
