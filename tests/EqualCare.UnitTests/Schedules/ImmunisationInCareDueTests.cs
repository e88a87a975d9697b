using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using static EqualCare.UnitTests.Schedules.ScheduleTestSupport;

namespace EqualCare.UnitTests.Schedules;

/// <summary>The NIP doses on the same due list as the visits and the local rules, one item per dose.</summary>
public class ImmunisationInCareDueTests
{
    private static readonly DueSettings Office = DueSettings.ForOffice(LocalRuleTables.Seed001, lookAheadDays: 0);
    private static readonly PersonFacts Child = new(Sex.Female, D("2025-03-10"), ArrivalDate: D("2025-03-10"));

    [Fact]
    public void On_the_day_the_child_is_one_month_old_hepb_dose_2_is_due_keyed_by_vaccine_and_dose()
    {
        var list = DueOn(Child, "2025-04-10", Office,
            new RecordedService(CareKind.Immunisation, D("2025-03-10"), "HepB", 1),
            new RecordedService(CareKind.Immunisation, D("2025-03-10"), "BCG", 1));

        var doses = list.Of(CareKind.Immunisation);
        var hepB2 = Assert.Single(doses, d => d.ItemKey == "HepB-2");
        Assert.Equal((D("2025-04-10"), false), (hepB2.Due, hepB2.Overdue));
        Assert.DoesNotContain(doses, d => d.ItemKey is "HepB-1" or "BCG-1");
    }

    [Fact]
    public void A_recorded_dose_takes_its_item_off_the_list_and_a_child_with_no_card_gets_the_birth_doses_as_overdue()
    {
        // Within 24 hours of birth: missed, so it is in the child's catch-up plan (issue 13 point 2), not a row of its own.
        var none = DueOn(Child, "2025-04-10", Office);
        var plan = none.ItemFor("HepB", 1);
        Assert.Equal(("catch-up", true), (plan.ItemKey, plan.Overdue));

        var after = DueOn(Child, "2025-04-10", Office, new RecordedService(CareKind.Immunisation, D("2025-04-10"), "HepB", 1));
        Assert.DoesNotContain(after.Of(CareKind.Immunisation), d => d.ItemKey == "HepB-1" || d.Plan?.Any(p => p.Vaccine == "HepB" && p.Dose == 1) == true);
    }

    [Fact]
    public void A_child_who_left_the_area_is_exempt_from_her_doses_and_adults_have_none()
    {
        var departed = Child with { Status = CaseStatus.Departed };
        Assert.Empty(DueOn(departed, "2025-04-10", Office).Of(CareKind.Immunisation));
        Assert.Contains(DueOn(departed, "2025-04-10", Office).ExemptOf(CareKind.Immunisation), e => e.Reason == ExemptionReason.LeftArea);

        var adult = new PersonFacts(Sex.Female, D("1990-01-01"), D("2024-01-01"), MaritalStatus.FirstMarriage, ContraceptionMethod.Iud);
        Assert.Empty(DueOn(adult, "2025-04-10", Office).Of(CareKind.Immunisation));
    }
}
