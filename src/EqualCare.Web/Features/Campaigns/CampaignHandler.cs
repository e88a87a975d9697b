using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Campaigns;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.IdNumbers;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Campaigns;

/// <summary>
/// 评选表彰 (issue 18 point 1, seed 000): a street or an office above sets a campaign (title, quota, deadline); a community
/// of its area proposes persons of its own scope with their 主要事迹 and its opinion until the deadline; the street of the
/// candidate's community approves or declines each once with its opinion, an approval taking the next place of the quota.
/// Outside the user's scope is "not found"; every write commits with its audit row.
/// </summary>
public sealed class CampaignHandler(EqualCareDb db, AuditLog audit, TimeProvider clock, NominationFactsQuery facts)
{
    public const int ListLimit = 200;

    /// <summary>A street or an office above (district, city) sets campaigns; a community and the system administrator do not.</summary>
    public static bool MaySet(CurrentUser user) => user.Role is Roles.Street or Roles.District;

    /// <summary>The campaign concerns the user: her unit lies in its area, or it lies in her unit's (an office above reads it).</summary>
    static bool Concerns(CurrentUser user, Campaign c) =>
        user.CanReadPersons && (OrgCode.Parse(c.OrgCode).Contains(user.Org.Value) || user.Org.Contains(c.OrgCode));

    public async Task<Result<long>> CreateAsync(CurrentUser user, CampaignInput input, CancellationToken ct)
    {
        if (!MaySet(user)) return Error.Forbidden("campaign.forbidden");
        var problems = CampaignRules.Check(input, clock.Today());
        if (problems.Count > 0) return Error.Invalid(problems);
        var row = new Campaign
        {
            OrgCode = user.Org.Value, Title = input.Title!.Trim(), Quota = input.Quota!.Value, Deadline = input.Deadline!.Value,
            Criteria = NominationCriteria.Seed000, CreatedAt = clock.UtcNow(), CreatedBy = user.UserName,
        };
        db.Set<Campaign>().Add(row);
        await audit.SaveWithAsync(AuditLog.Actions.Create, "campaign", () => Id(row.Id),
            detail: $"org={row.OrgCode} quota={row.Quota} deadline={row.Deadline:yyyy-MM-dd}", userName: user.UserName, ct: ct);
        return row.Id;
    }

    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (!user.CanReadPersons) return [];
        // The campaigns of the user's ancestors (a short list of codes) and those inside her unit (a range).
        var ancestors = new List<string>();
        for (OrgCode? o = user.Org; o is { } code; o = code.Parent) ancestors.Add(code.Value);
        var above = await db.Set<Campaign>().AsNoTracking().Where(c => ancestors.Contains(c.OrgCode)).Take(ListLimit).ToListAsync(ct);
        var inside = await db.Set<Campaign>().AsNoTracking().WithinOrg(c => c.OrgCode, user.Org).Take(ListLimit).ToListAsync(ct);
        var rows = above.UnionBy(inside, c => c.Id).OrderByDescending(c => c.Deadline).ThenByDescending(c => c.Id).Take(ListLimit).ToList();
        return await SummariesAsync(rows, ct);
    }

    async Task<IReadOnlyList<CampaignSummary>> SummariesAsync(IReadOnlyList<Campaign> rows, CancellationToken ct)
    {
        var ids = rows.Select(c => c.Id).ToList();
        var counts = await db.Set<CampaignCandidate>().AsNoTracking().Where(x => ids.Contains(x.CampaignId))
            .GroupBy(x => x.CampaignId)
            .Select(g => new { Id = g.Key, Proposed = g.Count(), Approved = g.Count(x => x.ApprovalPlace != null) }).ToListAsync(ct);
        var codes = rows.Select(c => c.OrgCode).Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        var today = clock.Today();
        return rows.Select(c =>
        {
            var n = counts.FirstOrDefault(x => x.Id == c.Id);
            return new CampaignSummary(c.Id, c.Title, c.OrgCode, names.GetValueOrDefault(c.OrgCode), c.Quota, c.Deadline, n?.Proposed ?? 0,
                n?.Approved ?? 0, CampaignRules.IsOpen(c, today), c.CreatedBy);
        }).ToList();
    }

    async Task<Campaign?> ConcerningAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        return campaign is not null && Concerns(user, campaign) ? campaign : null;
    }

    public async Task<Result<CampaignDetail>> GetAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var campaign = await ConcerningAsync(user, id, ct);
        if (campaign is null) return Error.NotFound("campaign.notFound");
        var summary = (await SummariesAsync([campaign], ct))[0];
        var rows = await db.Set<CampaignCandidate>().AsNoTracking().Where(x => x.CampaignId == id)
            .WithinOrg(x => x.CommunityCode, user.Org)
            .Join(db.Persons, x => x.PersonId, p => p.Id, (x, p) => new { Candidate = x, p.Name, p.IdNumber })
            .OrderBy(r => r.Candidate.CommunityCode).ThenBy(r => r.Candidate.Id).Take(ListLimit).ToListAsync(ct);
        var communities = rows.Select(r => r.Candidate.CommunityCode).Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => communities.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        var today = clock.Today();
        var known = await facts.ForAsync(rows.Select(r => r.Candidate.PersonId).ToList(), today, ct);
        var candidates = rows.Select(r =>
        {
            var x = r.Candidate;
            return new CandidateView(x.Id, x.PersonId, r.Name, Masking.IdNumber(r.IdNumber), x.CommunityCode, names.GetValueOrDefault(x.CommunityCode),
                x.Deeds, x.CommunityOpinion, x.CommunityReviewer, x.CommunityDate, x.State, x.StreetOpinion, x.StreetReviewer, x.StreetDate,
                x.ApprovalPlace, NominationCriteria.Evaluate(known[x.PersonId], today), MayDecide(user, x));
        }).ToList();
        // The candidates' names are personal data viewed: one audit row per request.
        await audit.RecordListAsync(user, "campaign_candidate", user.Org.Value, "campaign=" + Id(id), candidates.Count, ct);
        return new CampaignDetail(summary, candidates, MayPropose(user, campaign, today));
    }

    static bool MayPropose(CurrentUser user, Campaign campaign, DateOnly today) =>
        user.Role == Roles.Community && user.Org.Level == 5 && OrgCode.Parse(campaign.OrgCode).Contains(user.Org.Value)
        && CampaignRules.IsOpen(campaign, today);

    /// <summary>The street of the candidate's community decides (附件2: 办事处审核意见), once.</summary>
    static bool MayDecide(CurrentUser user, CampaignCandidate candidate) =>
        user.Role == Roles.Street && user.Org.Contains(candidate.CommunityCode) && candidate.State == CandidateState.Proposed;

    public async Task<Result<long>> ProposeAsync(CurrentUser user, long campaignId, string? idNumber, ProposalInput input, CancellationToken ct)
    {
        var campaign = await ConcerningAsync(user, campaignId, ct);
        if (campaign is null) return Error.NotFound("campaign.notFound");
        if (user.Role != Roles.Community || user.Org.Level != 5 || !OrgCode.Parse(campaign.OrgCode).Contains(user.Org.Value))
            return Error.Forbidden("campaign.propose.forbidden");
        var today = clock.Today();
        if (!CampaignRules.IsOpen(campaign, today)) return Error.Conflict("campaign.deadline.passed");
        var number = IdNumberValidator.RealStoredForm(idNumber);
        if (number is null) return Error.Validation("campaign.idNumber.bad", "IdNumber");
        var problems = CampaignRules.Check(input);
        if (problems.Count > 0) return Error.Invalid(problems);
        var person = await db.Persons.AsNoTracking().InScopeOf(user).Where(p => p.IdNumber == number && p.MergedIntoId == null)
            .Select(p => new { p.Id, p.CommunityCode }).FirstOrDefaultAsync(ct);
        if (person is null) return Error.NotFound("campaign.person.notFound");
        var known = await facts.ForAsync([person.Id], today, ct);
        if (!NominationCriteria.IsEligible(known[person.Id], today)) return Error.Conflict("campaign.person.notEligible");
        if (await db.Set<CampaignCandidate>().AnyAsync(x => x.CampaignId == campaignId && x.PersonId == person.Id, ct))
            return Error.Conflict("campaign.candidate.exists");

        var row = new CampaignCandidate
        {
            CampaignId = campaignId, PersonId = person.Id, CommunityCode = person.CommunityCode, Deeds = input.Deeds!.Trim(),
            CommunityOpinion = input.Opinion!.Trim(), CommunityReviewer = user.UserName, CommunityDate = today, ProposedAt = clock.UtcNow(),
            State = CandidateState.Proposed,
        };
        db.Set<CampaignCandidate>().Add(row);
        try
        {
            await audit.SaveWithAsync(AuditLog.Actions.Create, "campaign_candidate", () => Id(row.Id),
                detail: $"campaign={campaignId} person={person.Id}", userName: user.UserName, ct: ct);
        }
        catch (DbUpdateException e) when (UniqueKey.IsViolation(e))
        {
            // Proposed a moment ago (a double click, a second tab): the unique key kept the first.
            db.ChangeTracker.Clear();
            return Error.Conflict("campaign.candidate.exists");
        }
        return row.Id;
    }

    public async Task<Result<int?>> DecideAsync(CurrentUser user, long candidateId, bool approve, string? opinion, CancellationToken ct)
    {
        var candidate = await db.Set<CampaignCandidate>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == candidateId, ct);
        var campaign = candidate is null ? null : await ConcerningAsync(user, candidate.CampaignId, ct);
        if (candidate is null || campaign is null || !user.Org.Contains(candidate.CommunityCode)) return Error.NotFound("campaign.candidate.notFound");
        if (user.Role != Roles.Street) return Error.Forbidden("campaign.decide.forbidden");
        if (candidate.State != CandidateState.Proposed) return Error.Conflict("campaign.candidate.decided");
        var problems = CampaignRules.CheckOpinion(opinion);
        if (problems.Count > 0) return Error.Invalid(problems);

        // The next place of the quota; two approvals at once compute the same place and the unique key keeps one: the
        // other counts again and takes the next place, or is refused when none is left.
        for (var attempt = 0; ; attempt++)
        {
            int? place = null;
            if (approve)
            {
                var approved = await db.Set<CampaignCandidate>().CountAsync(x => x.CampaignId == campaign.Id && x.ApprovalPlace != null, ct);
                place = CampaignRules.NextPlace(approved, campaign.Quota);
                if (place is null)
                {
                    await audit.RecordAsync(AuditLog.Actions.Update, "campaign_candidate", Id(candidateId), AuditOutcome.Refused,
                        $"approve: quota {campaign.Quota} full", user.UserName, ct);
                    return Error.Conflict("campaign.quota.full");
                }
            }
            var row = await db.Set<CampaignCandidate>().SingleAsync(x => x.Id == candidateId, ct);
            if (row.State != CandidateState.Proposed) return Error.Conflict("campaign.candidate.decided");
            row.State = approve ? CandidateState.Approved : CandidateState.Declined;
            row.ApprovalPlace = place;
            row.StreetOpinion = opinion!.Trim();
            row.StreetReviewer = user.UserName;
            row.StreetDate = clock.Today();
            row.DecidedAt = clock.UtcNow();
            audit.Add(AuditLog.Actions.Update, "campaign_candidate", Id(candidateId),
                detail: approve ? $"approved place={place}/{campaign.Quota}" : "declined", userName: user.UserName);
            try
            {
                await db.SaveChangesAsync(ct);
                return place;
            }
            catch (DbUpdateException e) when (attempt < 3 && UniqueKey.IsViolation(e))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// 附件2 of one candidate, filled from the case. <paramref name="full"/>: the printed form for the office, with the full
    /// ID number, for the roles that may reveal it; audited as a reveal of the person (docs/rules.md §8.5).
    /// </summary>
    public async Task<Result<NominationForm>> FormAsync(CurrentUser user, long candidateId, bool full, string how, CancellationToken ct)
    {
        var candidate = await db.Set<CampaignCandidate>().AsNoTracking().WithinOrg(x => x.CommunityCode, user.Org)
            .SingleOrDefaultAsync(x => x.Id == candidateId, ct);
        var campaign = candidate is null ? null : await ConcerningAsync(user, candidate.CampaignId, ct);
        var person = candidate is null || campaign is null ? null
            : await db.Persons.AsNoTracking().SingleOrDefaultAsync(p => p.Id == candidate.PersonId, ct);
        var mayFull = user.CanWritePersons;
        if (candidate is null || campaign is null || person is null || (full && !mayFull))
        {
            if (full) await audit.RecordAsync(AuditLog.Actions.Reveal, "person", candidate is null ? null : Id(candidate.PersonId), AuditOutcome.Refused,
                $"nomination form {how}: not found, outside scope or role", user.UserName, ct);
            return Error.NotFound("campaign.candidate.notFound");
        }
        var certificate = await db.Certificates.AsNoTracking()
            .Where(c => c.PersonId == person.Id && c.Kind == CertificateKind.MarriageAndChildbearing).OrderByDescending(c => c.Id)
            .Select(c => c.Number).FirstOrDefaultAsync(ct);
        var county = await db.OrgUnits.AsNoTracking().Where(o => o.Code == person.HukouCountyCode + "000000").Select(o => o.Name).FirstOrDefaultAsync(ct);
        if (full)
            // The detail names what was shown and why, never the value.
            await audit.RecordAsync(AuditLog.Actions.Reveal, "person", Id(person.Id), detail: $"idNumber; nomination form {how}; candidate={candidateId}",
                userName: user.UserName, ct: ct);
        var married = NominationCriteria.Married(person.MaritalStatus);
        return new NominationForm(candidate.Id, campaign.Id, campaign.Title, person.Name, "sex." + person.Sex,
            person.BirthDate.ToString("yyyy年M月", CultureInfo.InvariantCulture),
            string.IsNullOrWhiteSpace(person.HukouAddress) ? county ?? person.HukouCountyCode : person.HukouAddress,
            full ? person.IdNumber : Masking.IdNumber(person.IdNumber), person.Occupation,
            married switch { true => "marital.Married", false => "marital." + person.MaritalStatus, null => "marital.Unknown" },
            married == true && person.ContraceptionMethod is { } m ? "case.contraception." + m : null,
            certificate, person.ResidenceAddress, candidate.Deeds, candidate.CommunityOpinion, candidate.CommunityReviewer, candidate.CommunityDate,
            candidate.StreetOpinion, candidate.StreetReviewer, candidate.StreetDate, candidate.State, full, mayFull);
    }

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
