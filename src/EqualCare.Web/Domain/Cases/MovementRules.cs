namespace EqualCare.Web.Domain.Cases;

/// <summary>One movement event as entered (form or API), before any rule is applied.</summary>
public sealed record MovementInput(
    MovementKind Kind, DateOnly? OccurredOn, string? ToCommunityCode = null, string? Destination = null, string? Note = null);

/// <summary>A movement that passed the rules, with the status the case takes after it.</summary>
public sealed record CheckedMovement(
    MovementKind Kind, DateOnly OccurredOn, CaseStatus NextStatus, string? ToCommunityCode, string? Destination, string? Note);

/// <summary>
/// The case's life as the PADIS 退档管理 module ran it (docs/rules.md §2.3): a case is never deleted, it moves between
/// states; 回档 re-opens a withdrawn, departed or returned case with its whole history; after death nothing follows.
/// Arrival is written by the registration and a duplicate merge by the merge, never by hand.
/// </summary>
public static class MovementRules
{
    public const int MaxTextLength = 200;
    public const int MinReasonLength = 2;

    /// <summary>The status after <paramref name="kind"/>, or the UI-string key of the refusal.</summary>
    public static (CaseStatus? Next, string? RefusalKey) Transition(CaseStatus current, MovementKind kind)
    {
        if (current == CaseStatus.Deceased) return (null, "movement.transition.afterDeath");
        return kind switch
        {
            MovementKind.Arrival => (null, "movement.transition.arrivalByRegistration"),
            MovementKind.MergedDuplicate => (null, "movement.transition.mergeByDuplicates"),
            MovementKind.MoveWithinArea when current == CaseStatus.Active => (CaseStatus.Active, null),
            MovementKind.Departure when current == CaseStatus.Active => (CaseStatus.Departed, null),
            MovementKind.ReturnHome when current == CaseStatus.Active => (CaseStatus.ReturnedHome, null),
            MovementKind.MoveWithinArea or MovementKind.Departure or MovementKind.ReturnHome => (null, "movement.transition.notActive"),
            MovementKind.Withdrawal when current == CaseStatus.Withdrawn => (null, "movement.transition.alreadyWithdrawn"),
            MovementKind.Withdrawal => (CaseStatus.Withdrawn, null),
            MovementKind.Restoration when current is CaseStatus.Withdrawn or CaseStatus.Departed or CaseStatus.ReturnedHome
                => (CaseStatus.Active, null),
            MovementKind.Restoration => (null, "movement.transition.restoreOnlyClosed"),
            MovementKind.Death => (CaseStatus.Deceased, null),
            _ => (null, "movement.kind.bad"),
        };
    }

    /// <summary>
    /// Checks one event against the case: the transition is allowed; the date is given, a Beijing date not in the future,
    /// not before birth and not before the latest event already on file (so the history stays in date order); a move
    /// names another level-5 community; a departure names its destination; a withdrawal gives its reason.
    /// </summary>
    public static (CheckedMovement? Movement, IReadOnlyList<Error> Problems) Check(
        MovementInput input, CaseStatus current, string currentCommunityCode, DateOnly birthDate, DateOnly? latestOccurredOn,
        DateOnly today)
    {
        var problems = new List<Error>();
        void Problem(string field, string key) => problems.Add(Error.Validation(key, field));

        var (next, refusal) = Transition(current, input.Kind);
        if (refusal is not null) Problem(nameof(MovementInput.Kind), refusal);

        if (input.OccurredOn is not { } on) Problem(nameof(MovementInput.OccurredOn), "movement.occurredOn.required");
        else if (on > today) Problem(nameof(MovementInput.OccurredOn), "movement.occurredOn.future");
        else if (on < birthDate) Problem(nameof(MovementInput.OccurredOn), "movement.occurredOn.beforeBirth");
        else if (latestOccurredOn is { } latest && on < latest) Problem(nameof(MovementInput.OccurredOn), "movement.occurredOn.beforeLatest");

        string? to = null;
        if (input.Kind == MovementKind.MoveWithinArea)
        {
            if (!OrgCode.TryParse(input.ToCommunityCode, out var target) || target.Level != 5)
                Problem(nameof(MovementInput.ToCommunityCode), "movement.toCommunity.notCommunity");
            else if (target.Value == currentCommunityCode)
                Problem(nameof(MovementInput.ToCommunityCode), "movement.toCommunity.same");
            else to = target.Value;
        }

        var destination = Clean(input.Destination);
        if (input.Kind == MovementKind.Departure && destination is null)
            Problem(nameof(MovementInput.Destination), "movement.destination.required");
        if (destination?.Length > MaxTextLength) Problem(nameof(MovementInput.Destination), "movement.text.tooLong");

        var note = Clean(input.Note);
        if (input.Kind == MovementKind.Withdrawal && (note?.Length ?? 0) < MinReasonLength)
            Problem(nameof(MovementInput.Note), "movement.reason.required");
        if (note?.Length > MaxTextLength) Problem(nameof(MovementInput.Note), "movement.text.tooLong");

        if (problems.Count > 0) return (null, problems);
        return (new CheckedMovement(input.Kind, input.OccurredOn!.Value, next!.Value, to,
            input.Kind is MovementKind.Departure or MovementKind.ReturnHome ? destination : null, note), problems);
    }

    /// <summary>
    /// Where a user may move a person it can write: anywhere inside its own scope, and for a community worker also to
    /// another community of the same street (the 社区 hands the person over; the street would otherwise have to do it).
    /// </summary>
    public static bool MayMoveTo(OrgCode userOrg, OrgCode target) =>
        userOrg.Contains(target.Value) || (userOrg.Level == 5 && userOrg.Parent is { } street && street.Contains(target.Value));

    /// <summary>The 流入 event the registration of a case writes: it happened on the arrival date, into the case's community.</summary>
    public static Movement ArrivalOf(Person person, string recordedBy, DateTime recordedAtUtc) => new()
    {
        PersonId = person.Id,
        Kind = MovementKind.Arrival,
        OccurredOn = person.ArrivalDate,
        RecordedAt = recordedAtUtc,
        RecordedBy = recordedBy,
        ToCommunityCode = person.CommunityCode,
    };

    static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
