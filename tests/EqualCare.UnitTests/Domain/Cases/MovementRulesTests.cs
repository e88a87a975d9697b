using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;

namespace EqualCare.UnitTests.Domain.Cases;

public class MovementRulesTests
{
    static readonly DateOnly Today = new(2026, 3, 15);
    static readonly DateOnly Birth = new(1990, 5, 17);
    const string Xianghe = "410103007001";
    const string Zhongyuan = "410103007002";

    [Theory]
    [InlineData(CaseStatus.Active, MovementKind.MoveWithinArea, CaseStatus.Active)]
    [InlineData(CaseStatus.Active, MovementKind.Departure, CaseStatus.Departed)]
    [InlineData(CaseStatus.Active, MovementKind.ReturnHome, CaseStatus.ReturnedHome)]
    [InlineData(CaseStatus.Active, MovementKind.Withdrawal, CaseStatus.Withdrawn)]
    [InlineData(CaseStatus.Departed, MovementKind.Withdrawal, CaseStatus.Withdrawn)]
    [InlineData(CaseStatus.ReturnedHome, MovementKind.Withdrawal, CaseStatus.Withdrawn)]
    [InlineData(CaseStatus.Withdrawn, MovementKind.Restoration, CaseStatus.Active)]
    [InlineData(CaseStatus.Departed, MovementKind.Restoration, CaseStatus.Active)]
    [InlineData(CaseStatus.ReturnedHome, MovementKind.Restoration, CaseStatus.Active)]
    [InlineData(CaseStatus.Active, MovementKind.Death, CaseStatus.Deceased)]
    [InlineData(CaseStatus.Withdrawn, MovementKind.Death, CaseStatus.Deceased)]
    [InlineData(CaseStatus.Departed, MovementKind.Death, CaseStatus.Deceased)]
    public void Allowed_transitions_lead_to_the_expected_status(CaseStatus current, MovementKind kind, CaseStatus next)
    {
        var (status, refusal) = MovementRules.Transition(current, kind);
        Assert.Equal(next, status);
        Assert.Null(refusal);
    }

    [Theory]
    [InlineData(CaseStatus.Deceased, MovementKind.Restoration, "movement.transition.afterDeath")]
    [InlineData(CaseStatus.Deceased, MovementKind.Death, "movement.transition.afterDeath")]
    [InlineData(CaseStatus.Deceased, MovementKind.MoveWithinArea, "movement.transition.afterDeath")]
    [InlineData(CaseStatus.Active, MovementKind.Restoration, "movement.transition.restoreOnlyClosed")]
    [InlineData(CaseStatus.Withdrawn, MovementKind.Withdrawal, "movement.transition.alreadyWithdrawn")]
    [InlineData(CaseStatus.Withdrawn, MovementKind.MoveWithinArea, "movement.transition.notActive")]
    [InlineData(CaseStatus.Departed, MovementKind.Departure, "movement.transition.notActive")]
    [InlineData(CaseStatus.Departed, MovementKind.ReturnHome, "movement.transition.notActive")]
    [InlineData(CaseStatus.Active, MovementKind.Arrival, "movement.transition.arrivalByRegistration")]
    [InlineData(CaseStatus.Active, MovementKind.MergedDuplicate, "movement.transition.mergeByDuplicates")]
    [InlineData(CaseStatus.Active, (MovementKind)99, "movement.kind.bad")]
    public void Refused_transitions_name_their_reason(CaseStatus current, MovementKind kind, string key)
    {
        var (status, refusal) = MovementRules.Transition(current, kind);
        Assert.Null(status);
        Assert.Equal(key, refusal);
    }

    public static TheoryData<MovementInput, DateOnly?, string, string> Problems => new()
    {
        { new(MovementKind.Death, null), null, "OccurredOn", "movement.occurredOn.required" },
        { new(MovementKind.Death, Today.AddDays(1)), null, "OccurredOn", "movement.occurredOn.future" },
        { new(MovementKind.Death, Birth.AddDays(-1)), null, "OccurredOn", "movement.occurredOn.beforeBirth" },
        { new(MovementKind.Death, new DateOnly(2025, 1, 1)), new DateOnly(2025, 6, 1), "OccurredOn", "movement.occurredOn.beforeLatest" },
        { new(MovementKind.MoveWithinArea, Today, null), null, "ToCommunityCode", "movement.toCommunity.notCommunity" },
        { new(MovementKind.MoveWithinArea, Today, "410103007"), null, "ToCommunityCode", "movement.toCommunity.notCommunity" },
        { new(MovementKind.MoveWithinArea, Today, "41010300700x"), null, "ToCommunityCode", "movement.toCommunity.notCommunity" },
        { new(MovementKind.MoveWithinArea, Today, Xianghe), null, "ToCommunityCode", "movement.toCommunity.same" },
        { new(MovementKind.Departure, Today, Destination: "  "), null, "Destination", "movement.destination.required" },
        { new(MovementKind.Departure, Today, Destination: new string('地', 201)), null, "Destination", "movement.text.tooLong" },
        { new(MovementKind.Withdrawal, Today, Note: "走"), null, "Note", "movement.reason.required" },
        { new(MovementKind.Death, Today, Note: new string('注', 201)), null, "Note", "movement.text.tooLong" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Bad_events_are_refused_with_their_field_and_message(MovementInput input, DateOnly? latest, string field, string key)
    {
        var (movement, problems) = MovementRules.Check(input, CaseStatus.Active, Xianghe, Birth, latest, Today);
        Assert.Null(movement);
        Assert.Contains(problems, p => p.Field == field && p.Code == key);
    }

    [Fact]
    public void A_good_move_keeps_its_target_and_a_departure_its_destination()
    {
        var (move, none) = MovementRules.Check(new(MovementKind.MoveWithinArea, Today, Zhongyuan), CaseStatus.Active, Xianghe, Birth, Today, Today);
        var (departure, _) = MovementRules.Check(new(MovementKind.Departure, Today, Destination: " 广东省东莞市 "), CaseStatus.Active, Xianghe, Birth, null, Today);

        Assert.Empty(none);
        Assert.Equal(Zhongyuan, move!.ToCommunityCode);
        Assert.Equal(CaseStatus.Active, move.NextStatus);
        Assert.Equal("广东省东莞市", departure!.Destination);
        Assert.Equal(CaseStatus.Departed, departure.NextStatus);
        Assert.Null(departure.ToCommunityCode);
    }

    [Theory]
    [InlineData("410103007001", "410103007002", true)]  // community worker hands over within its street
    [InlineData("410103007001", "410103008001", false)] // another street
    [InlineData("410103007000", "410103007002", true)]  // street manager, own community
    [InlineData("410103007000", "410103008001", false)]
    [InlineData("410103000000", "410103008001", true)]  // district: its whole subtree
    [InlineData("410103000000", "410105001003", false)]
    public void A_move_stays_in_the_scope_or_within_the_street_of_a_community_worker(string user, string target, bool allowed) =>
        Assert.Equal(allowed, MovementRules.MayMoveTo(OrgCode.Parse(user), OrgCode.Parse(target)));

    [Fact]
    public void The_arrival_event_happens_on_the_arrival_date_into_the_community_of_the_case()
    {
        var person = new Person { Id = 7, Name = "王芳", IdNumber = "x", CommunityCode = Xianghe, HukouCountyCode = "411525", ArrivalDate = new DateOnly(2024, 3, 1) };
        var at = new DateTime(2026, 3, 15, 2, 0, 0, DateTimeKind.Utc);

        var arrival = MovementRules.ArrivalOf(person, "xianghe", at);

        Assert.Equal((7L, MovementKind.Arrival, new DateOnly(2024, 3, 1), Xianghe, at, "xianghe"),
            (arrival.PersonId, arrival.Kind, arrival.OccurredOn, arrival.ToCommunityCode!, arrival.RecordedAt, arrival.RecordedBy));
        Assert.Null(arrival.FromCommunityCode);
    }
}
