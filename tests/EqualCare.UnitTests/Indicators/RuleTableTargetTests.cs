using EqualCare.Web.Domain.Indicators;

namespace EqualCare.UnitTests.Indicators;

public sealed class RuleTableTargetTests
{
    [Fact]
    public void Every_seed_target_names_an_indicator_of_the_catalogue_and_is_a_valid_target()
    {
        Assert.Equal(["Seed001", "Seed003", "Seed004"], RuleTableTargets.Names.Order());
        foreach (var table in RuleTableTargets.Names)
            foreach (var d in IndicatorCatalogue.All)
                if (RuleTableTargets.Find(table, d.Code) is { } t)
                    Assert.True(Target.IsValid(t.TargetPercent, t.AmberPercent), $"{table} {d.Code}");
    }

    [Fact]
    public void An_office_has_its_seeds_target_and_the_catalogues_proposal_where_its_seed_sets_none()
    {
        var equalisation = IndicatorCatalogue.Find("equalisation")!;
        Assert.Equal(new Target(95, 90), RuleTableTargets.For("Seed001", equalisation));
        Assert.Equal(new Target(null, null), RuleTableTargets.For("Seed004", equalisation));
        var healthRecord = IndicatorCatalogue.Find("health_record")!;
        Assert.Equal(new Target(80, 70), RuleTableTargets.For("Seed003", healthRecord));
        // A rule table the seeds do not know has the proposals only.
        Assert.Equal(new Target(98, 93), RuleTableTargets.For("Other", IndicatorCatalogue.Find("free_service")!));
    }

    [Fact]
    public void The_maternal_rates_per_live_birth_are_indicators_of_the_catalogue()
    {
        Assert.All(IndicatorCatalogue.PerLiveBirth, code => Assert.NotNull(IndicatorCatalogue.Find(code)));
        Assert.Contains("antenatal_care", IndicatorCatalogue.PerLiveBirth);
    }
}
