using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Rewards;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Rewards;

/// <summary>One reward or help as the person's page lists it; <see cref="VoidedBy"/> names the row that cancelled it.</summary>
public sealed record RewardItem(long Id, RewardKind Kind, DateOnly GivenOn, string? Description, long AmountYuan, DateTime RecordedAt,
    string RecordedBy, long? VoidsRewardId, string? VoidReason, long? VoidedBy);

public sealed record PersonRewards(long PersonId, string Name, bool MayWrite, IReadOnlyList<RewardItem> Items);

/// <summary>
/// 奖励扶助 of a person (issue 18 point 5; seed 001 三(二)5): recorded by the community or street that keeps the case, append-only
/// (a mistake is voided by a new row with its reason, once: ux_person_rewards_voids), each write with its audit row. The
/// statistics form counts them (StatForms: columns 10–12).
/// </summary>
public sealed class RewardHandler(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    public async Task<Result<PersonRewards>> ListAsync(CurrentUser user, long personId, CancellationToken ct)
    {
        var person = await db.Persons.AsNoTracking().InScopeOf(user).Where(p => p.Id == personId).Select(p => new { p.Id, p.Name }).SingleOrDefaultAsync(ct);
        if (person is null) return Error.NotFound("person.notFound");
        var rows = await db.Set<PersonReward>().AsNoTracking().Where(r => r.PersonId == personId).OrderByDescending(r => r.GivenOn).ThenByDescending(r => r.Id)
            .ToListAsync(ct);
        var voidedBy = rows.Where(r => r.VoidsRewardId != null).ToDictionary(r => r.VoidsRewardId!.Value, r => r.Id);
        await audit.RecordAsync(AuditLog.Actions.View, "person", Id(personId), detail: "rewards", userName: user.UserName, ct: ct);
        return new PersonRewards(person.Id, person.Name, user.CanWritePersons, rows.Select(r => new RewardItem(r.Id, r.Kind, r.GivenOn,
            r.Description, r.AmountYuan, r.RecordedAt, r.RecordedBy, r.VoidsRewardId, r.VoidReason, voidedBy.TryGetValue(r.Id, out var v) ? v : null)).ToList());
    }

    public async Task<Result<long>> RecordAsync(CurrentUser user, long personId, RewardInput input, CancellationToken ct)
    {
        var person = await GuardAsync(user, personId, ct);
        if (!person.IsSuccess) return person.Error;
        var problems = RewardRules.Check(input, clock.Today());
        if (problems.Count > 0) return Error.Invalid(problems);
        var row = new PersonReward
        {
            PersonId = personId, CommunityCode = person.Value, Kind = input.Kind!.Value, GivenOn = input.GivenOn!.Value,
            Description = input.Description!.Trim(), AmountYuan = input.AmountYuan!.Value, RecordedAt = clock.UtcNow(), RecordedBy = user.UserName,
        };
        db.Set<PersonReward>().Add(row);
        await audit.SaveWithAsync(AuditLog.Actions.Create, "person_reward", () => Id(row.Id),
            detail: $"person={personId} kind={row.Kind} on={row.GivenOn:yyyy-MM-dd} yuan={row.AmountYuan}", userName: user.UserName, ct: ct);
        return row.Id;
    }

    public async Task<Result<long>> VoidAsync(CurrentUser user, long personId, long rewardId, string? reason, CancellationToken ct)
    {
        var person = await GuardAsync(user, personId, ct);
        if (!person.IsSuccess) return person.Error;
        var target = await db.Set<PersonReward>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == rewardId && r.PersonId == personId, ct);
        if (target is null) return Error.NotFound("reward.notFound");
        if (target.VoidsRewardId is not null) return Error.Conflict("reward.void.notAVoid");
        var problems = RewardRules.CheckVoid(reason);
        if (problems.Count > 0) return Error.Invalid(problems);
        if (await db.Set<PersonReward>().AnyAsync(r => r.VoidsRewardId == rewardId, ct)) return Error.Conflict("reward.void.already");
        // The void row repeats what it cancels, so the history reads on its own; the sums count neither (StatForms).
        var row = new PersonReward
        {
            PersonId = personId, CommunityCode = target.CommunityCode, Kind = target.Kind, GivenOn = target.GivenOn, Description = target.Description,
            AmountYuan = target.AmountYuan, RecordedAt = clock.UtcNow(), RecordedBy = user.UserName, VoidsRewardId = rewardId, VoidReason = reason!.Trim(),
        };
        db.Set<PersonReward>().Add(row);
        try
        {
            await audit.SaveWithAsync(AuditLog.Actions.Create, "person_reward", () => Id(row.Id), detail: $"person={personId} voids={rewardId}",
                userName: user.UserName, ct: ct);
        }
        catch (DbUpdateException e) when (UniqueKey.IsViolation(e))
        {
            db.ChangeTracker.Clear();
            return Error.Conflict("reward.void.already");
        }
        return row.Id;
    }

    /// <summary>Outside scope is "not found"; a read-only role (district) may not write. Answers the person's community.</summary>
    async Task<Result<string>> GuardAsync(CurrentUser user, long personId, CancellationToken ct)
    {
        var community = await db.Persons.AsNoTracking().InScopeOf(user).Where(p => p.Id == personId).Select(p => p.CommunityCode).SingleOrDefaultAsync(ct);
        if (community is null) return Error.NotFound("person.notFound");
        if (!user.CanWritePersons) return Error.Forbidden("reward.forbidden");
        return community;
    }

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

public static class RewardsSetup
{
    public static IServiceCollection AddRewards(this IServiceCollection services) => services.AddScoped<RewardHandler>();
}
