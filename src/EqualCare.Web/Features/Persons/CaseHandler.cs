using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.IdNumbers;
using EqualCare.Web.Features.Exchange;
using EqualCare.Web.Features.IdNumbers;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Persons;

/// <summary>
/// Why saving a case failed, beyond its field problems: the same ID number is already registered in scope (open that
/// case instead of making a second: <see cref="ExistingIdDetail"/>), or similar cases to confirm (<see cref="SimilarDetail"/>).
/// </summary>
public static class CaseErrors
{
    public const string ExistingIdDetail = "existingId";
    public const string SimilarDetail = "similar";
    public const string RegisteredInDetail = "registeredIn";

    public static Error AlreadyRegistered(long existingId) =>
        Error.Conflict("case.id.alreadyRegistered") with { Details = new Dictionary<string, object?> { [ExistingIdDetail] = existingId } };

    /// <summary>
    /// The number is registered in another community of the worker's own street: the page names that community and offers
    /// a move request (<c>Features/Movements/MoveRequests</c>).
    /// </summary>
    public static Error RegisteredInStreet(string communityName) =>
        Error.Validation("case.id.registeredInStreet", nameof(CaseInput.IdNumber)) with
        {
            Details = new Dictionary<string, object?> { [RegisteredInDetail] = communityName },
        };

    public static Error SimilarFound(IReadOnlyList<DuplicateCandidate> similar) =>
        Error.Conflict("case.similarFound") with { Details = new Dictionary<string, object?> { [SimilarDetail] = similar } };
}

/// <summary>Registers and edits cases: the case rules, scope, duplicate check, arrival event and audit in one transaction.</summary>
public sealed class CaseHandler(EqualCareDb db, AuditLog audit, AreaCodeDirectory areas, DuplicateCheck duplicates, TimeProvider clock,
    ExchangeService exchange)
{
    public async Task<Result<CaseSaved>> RegisterAsync(CurrentUser user, CaseInput input, bool similarConfirmed, CancellationToken ct)
    {
        var (checkedCase, problems) = await CheckAsync(user, input, ct);
        if (checkedCase is null) return Error.Invalid(problems);

        var finding = await FindDuplicatesAsync(user, checkedCase, exceptId: null, ct);
        if (await RegisteredAsync(user, finding, ct) is { } registered) return registered;
        if (!similarConfirmed && finding.HasWarning) return CaseErrors.SimilarFound(finding.Similar);

        var now = clock.UtcNow();
        var person = new Person
        {
            Name = checkedCase.Input.Name!, IdNumber = checkedCase.IdNumber, CommunityCode = checkedCase.Input.CommunityCode!,
            HukouCountyCode = checkedCase.HukouCountyCode, CreatedAt = now,
        };
        Apply(person, checkedCase, user, now);
        db.Persons.Add(person);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueKey.IsViolation(e))
        {
            // Registered a moment ago by another request (double click, two workers at one door): the unique index on the
            // ID number kept that case; answer as the check would have answered had it come a moment later.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var again = await FindDuplicatesAsync(user, checkedCase, exceptId: null, ct);
            return await RegisteredAsync(user, again, ct) ?? throw new InvalidOperationException("unique key refused a case no check finds", e);
        }
        db.Movements.Add(MovementRules.ArrivalOf(person, user.UserName, now));
        audit.Add(AuditLog.Actions.Create, "person", Id(person.Id), detail: $"community={person.CommunityCode} id_state={person.IdState}");
        // 流入通报 to the registration place, in this transaction (issue 16 point 3; docs/exchange.md).
        await exchange.StageArrivalNoticeAsync(user, person, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new CaseSaved(person.Id, person.Version);
    }

    /// <summary>The answer when the ID number is already registered: the case itself in scope, else where (or only that) it is.</summary>
    async Task<Error?> RegisteredAsync(CurrentUser user, DuplicateFinding finding, CancellationToken ct)
    {
        if (finding.ExistingPersonId is not { } existing) return null;
        if (finding.ExistingInScope) return CaseErrors.AlreadyRegistered(existing);
        // Within her street a worker is told which community holds the case, so that she can ask it to hand the case
        // over; beyond the street only that it is registered elsewhere (no other office's unit is named), and the
        // registration page still offers the request (Features/Movements/MoveRequests: any community of the installation).
        if (finding.ExistingCommunityCode is { } holder && MoveRequestRules.SameStreet(user.Org, holder))
            return CaseErrors.RegisteredInStreet(
                await db.OrgUnits.AsNoTracking().Where(o => o.Code == holder).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? holder);
        return Error.Validation("case.id.registeredElsewhere", nameof(CaseInput.IdNumber));
    }

    public async Task<Result<CaseSaved>> UpdateAsync(CurrentUser user, long id, int version, CaseInput input, CancellationToken ct)
    {
        var person = await db.Persons.WithinOrg(p => p.CommunityCode, user.Org).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (person is null || !user.CanWritePersons || person.MergedIntoId is not null)
        {
            await audit.RecordAsync(AuditLog.Actions.Update, "person", Id(id), AuditOutcome.Refused, "not found or outside scope", ct: ct);
            return Error.NotFound("person.notFound");
        }
        if (person.Version != version) return Error.Conflict("case.version.stale");
        // The community is changed by a move (movement history), never by editing the case.
        var (checkedCase, problems) = await CheckAsync(user, input with { CommunityCode = person.CommunityCode }, ct, selfId: id);
        if (checkedCase is null) return Error.Invalid(problems);
        if (checkedCase.IdNumber != person.IdNumber && (await FindDuplicatesAsync(user, checkedCase, id, ct)).OpensExisting)
            return Error.Validation("case.id.taken", nameof(CaseInput.IdNumber));

        person.Name = checkedCase.Input.Name!;
        person.IdNumber = checkedCase.IdNumber;
        person.HukouCountyCode = checkedCase.HukouCountyCode;
        Apply(person, checkedCase, user, clock.UtcNow());
        person.Version++;
        audit.Add(AuditLog.Actions.Update, "person", Id(person.Id), detail: $"version={person.Version} id_state={person.IdState}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("case.version.stale");
        }
        catch (DbUpdateException e) when (UniqueKey.IsViolation(e))
        {
            // The number was registered for another case between the check and the save: the unique index kept that case.
            db.ChangeTracker.Clear();
            return Error.Validation("case.id.taken", nameof(CaseInput.IdNumber));
        }
        return new CaseSaved(person.Id, person.Version);
    }

    async Task<(CheckedCase?, IReadOnlyList<Error>)> CheckAsync(CurrentUser user, CaseInput typed, CancellationToken ct, long? selfId = null)
    {
        if (!user.CanWritePersons) return (null, [Error.NotFound("case.notAllowed")]);
        var (input, linkProblems) = await LinkByIdNumberAsync(user, typed, ct);
        var (checkedCase, problems) = CaseRules.Check(input, clock.Today(), areas.Status);
        var all = problems.Concat(linkProblems).ToList();
        if (OrgCode.TryParse(input.CommunityCode, out var community) && community.Level == 5)
        {
            if (!user.Org.Contains(community.Value)) all.Add(Error.Validation("case.community.outsideScope", nameof(CaseInput.CommunityCode)));
            else if (!await db.OrgUnits.AnyAsync(o => o.Code == community.Value && o.Level == 5, ct))
                all.Add(Error.Validation("case.community.required", nameof(CaseInput.CommunityCode)));
        }
        foreach (var (field, linked) in new[] { (nameof(CaseInput.SpouseId), input.SpouseId), (nameof(CaseInput.MotherId), input.MotherId), (nameof(CaseInput.FatherId), input.FatherId) })
            if (linked is { } linkedId && !await db.Persons.WithinOrg(p => p.CommunityCode, user.Org).AnyAsync(p => p.Id == linkedId, ct))
                all.Add(Error.Validation("case.link.notFound", field));
            else if (linked is { } self && self == selfId)
                all.Add(Error.Validation("case.link.self", field));
        return all.Count > 0 ? (null, all) : (checkedCase, all);
    }

    /// <summary>
    /// A spouse, mother or father typed by ID number becomes the link to that person's case in the worker's area, as the
    /// stored link (the person's id) has always been; a number nobody in her area holds is an error on its field, and so
    /// is the case's own number. A number outside her area is "not registered", never "registered elsewhere".
    /// </summary>
    async Task<(CaseInput, IReadOnlyList<Error>)> LinkByIdNumberAsync(CurrentUser user, CaseInput input, CancellationToken ct)
    {
        var problems = new List<Error>();
        var own = Normalized(input.IdNumber);
        async Task<long?> LinkAsync(string field, string? typed, long? current)
        {
            if (Normalized(typed) is not { } number) return current;
            if (number == own)
            {
                problems.Add(Error.Validation("case.link.self", field));
                return current;
            }
            var found = await db.Persons.WithinOrg(p => p.CommunityCode, user.Org)
                .Where(p => p.IdNumber == number && p.IdState != IdState.Placeholder && p.MergedIntoId == null)
                .Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);
            if (found is null) problems.Add(Error.Validation("case.link.idNotRegistered", field));
            return found ?? current;
        }
        var linked = input with
        {
            SpouseId = await LinkAsync(nameof(CaseInput.SpouseIdNumber), input.SpouseIdNumber, input.SpouseId),
            MotherId = await LinkAsync(nameof(CaseInput.MotherIdNumber), input.MotherIdNumber, input.MotherId),
            FatherId = await LinkAsync(nameof(CaseInput.FatherIdNumber), input.FatherIdNumber, input.FatherId),
        };
        return (linked, problems);
    }

    /// <summary>The number as stored: normalised (spaces, full-width digits, x) and a 15-digit number upgraded to 18.</summary>
    static string? Normalized(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var text = IdNumberValidator.Normalize(typed);
        return text.Length == 15 && text.All(char.IsAsciiDigit) ? IdNumberValidator.UpgradeFrom15(text) : text;
    }

    /// <summary>查重 on entry: a placeholder number matches nobody; name + birth date + county still warns.</summary>
    Task<DuplicateFinding> FindDuplicatesAsync(CurrentUser user, CheckedCase c, long? exceptId, CancellationToken ct) =>
        duplicates.CheckAsync(user, c.IdState == IdState.Placeholder ? null : c.IdNumber, c.Input.Name!, c.BirthDate,
            c.HukouCountyCode, exceptId, ct);

    static void Apply(Person p, CheckedCase c, CurrentUser user, DateTime now)
    {
        var i = c.Input;
        p.IdNumberEntered = c.IdNumberEntered;
        p.IdState = c.IdState;
        p.IdFailedChecks = c.IdFailedChecks;
        if (c.IdState == IdState.Overridden && p.IdOverrideReason != i.IdOverrideReason?.Trim())
        {
            p.IdOverrideReason = i.IdOverrideReason!.Trim();
            p.IdOverrideBy = user.UserName;
            p.IdOverrideAt = now;
        }
        else if (c.IdState != IdState.Overridden)
        {
            p.IdOverrideReason = null;
            p.IdOverrideBy = null;
            p.IdOverrideAt = null;
        }
        p.Sex = c.Sex;
        p.BirthDate = c.BirthDate;
        p.Ethnicity = Trim(i.Ethnicity);
        p.HukouAddress = Trim(i.HukouAddress);
        p.ResidenceAddress = Trim(i.ResidenceAddress);
        p.HousingType = i.HousingType;
        p.LandlordOrEmployer = Trim(i.LandlordOrEmployer);
        p.ArrivalDate = i.ArrivalDate!.Value;
        p.FlowDirection = i.FlowDirection;
        p.HouseholdType = i.HouseholdType;
        p.MaritalStatus = i.MaritalStatus;
        p.MarriageDate = i.MarriageDate;
        p.SpouseId = i.SpouseId;
        p.MotherId = i.MotherId;
        p.FatherId = i.FatherId;
        p.AccompanyingChild = i.AccompanyingChild;
        p.ContraceptionMethod = i.ContraceptionMethod;
        p.ContraceptionStart = i.ContraceptionStart;
        p.ContraceptionProvider = Trim(i.ContraceptionProvider);
        p.PregnancyLmp = i.PregnancyLmp;
        p.PregnancyExpectedDate = c.PregnancyExpectedDate;
        p.PregnancyOutcome = i.PregnancyOutcome;
        p.PregnancyOutcomeDate = i.PregnancyOutcomeDate;
        p.Phone = c.Phone;
        p.Education = i.Education;
        p.Occupation = Trim(i.Occupation);
        p.UpdatedAt = now;
    }

    static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
