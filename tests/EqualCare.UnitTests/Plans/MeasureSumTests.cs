using EqualCare.Web.Domain.Plans;

namespace EqualCare.UnitTests.Plans;

/// <summary>Which measures a plan's 合计 column may add: seed 004 附件 3 yes, 附件 1 and 2 no.</summary>
public class MeasureSumTests
{
    static readonly DateOnly From = new(2012, 2, 1), To = new(2012, 4, 25);

    static PlanMeasure M(PlanMeasureKind kind, string unit, string? operations = null, string? from = null, string? to = null) => new()
    {
        Label = "m", Kind = kind, Unit = unit, Operations = operations,
        WindowFrom = from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
        WindowTo = to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public void Annex3s_four_operations_add_up() =>
        Assert.True(MeasureSum.CanAddUp(
        [
            M(PlanMeasureKind.Operations, "例", "IudInsertion"),
            M(PlanMeasureKind.Operations, "例", "TubalLigation,Vasectomy"),
            M(PlanMeasureKind.Operations, "例", "InducedAbortion,MidTrimesterTermination"),
        ], From, To));

    [Fact]
    public void Annex1s_women_and_births_do_not() =>
        Assert.False(MeasureSum.CanAddUp([M(PlanMeasureKind.Entered, "人"), M(PlanMeasureKind.Entered, "人")], From, To));

    [Fact]
    public void A_period_and_its_months_do_not_but_the_months_alone_do()
    {
        var months = new[]
        {
            M(PlanMeasureKind.NewCases, "人", from: "2012-02-17", to: "2012-03-31"),
            M(PlanMeasureKind.NewCases, "人", from: "2012-04-01", to: "2012-04-25"),
        };
        Assert.False(MeasureSum.CanAddUp([M(PlanMeasureKind.NewCases, "人"), .. months], From, To));
        Assert.True(MeasureSum.CanAddUp(months, From, To));
    }

    [Fact]
    public void Different_units_kinds_or_one_operation_in_two_columns_do_not()
    {
        Assert.False(MeasureSum.CanAddUp([M(PlanMeasureKind.Checkups, "例"), M(PlanMeasureKind.Operations, "例")], From, To));
        Assert.False(MeasureSum.CanAddUp([M(PlanMeasureKind.Operations, "例", "IudInsertion"), M(PlanMeasureKind.Operations, "人", "Vasectomy")], From, To));
        Assert.False(MeasureSum.CanAddUp([M(PlanMeasureKind.Operations, "例", "IudInsertion"), M(PlanMeasureKind.Operations, "例", "IudInsertion,Vasectomy")], From, To));
        Assert.False(MeasureSum.CanAddUp([M(PlanMeasureKind.Operations, "例"), M(PlanMeasureKind.Operations, "例", "Vasectomy")], From, To));
    }
}
