using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Exchange;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Exchange;

/// <summary>Whose performance a row measures: the office that had to answer (the usual 协查反馈率), or the office that asked.</summary>
public enum RateSide : short { Answering = 1, Asking = 2 }

/// <summary>
/// One unit's 协查 figures for a period. Due: requests whose day fell in the period and that are either answered or past
/// their day (a request still in time is not yet counted). 协查反馈率 = Answered ÷ Due; 协查及时率 = OnTime ÷ Answered
/// (docs/rules.md §7, docs/exchange.md).
/// </summary>
public sealed record RateRow(string Code, string Name, bool IsOwnLevel, int Due, int Answered, int OnTime)
{
    public double? FeedbackRate => Due == 0 ? null : 100.0 * Answered / Due;
    public double? TimelyRate => Answered == 0 ? null : 100.0 * OnTime / Answered;
}

public sealed record RateTable(string UnitCode, string UnitName, RateSide Side, DateOnly From, DateOnly To, IReadOnlyList<RateRow> Rows, RateRow Total);

/// <summary>
/// 协查反馈率 and 协查及时率 per unit and period, with drill-down to the messages. Computed here and not in the indicator
/// catalogue: the catalogue's figures are per community of the persons' residence, while these belong to the offices that
/// answer or ask (a county office is the 户籍地 of many communities it does not hold), and its engine is not ours to change.
/// One grouped query per table, over the indexed codes and due days.
/// </summary>
public sealed class ExchangeIndicators(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    public async Task<Result<RateTable>> TableAsync(CurrentUser user, string? unitCode, RateSide side, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (!user.CanReadPersons) return Error.NotFound("exchange.unit.notFound");
        var unit = user.Org;
        if (unitCode is { Length: > 0 } && (!OrgCode.TryParse(unitCode, out unit) || !user.Org.Contains(unit.Value)))
            return Error.NotFound("exchange.unit.notFound");
        if (to < from) (from, to) = (to, from);
        var today = clock.Today();
        var requests = db.Set<ExchangeMessage>().AsNoTracking().Where(m => m.Kind == MessageKind.Verification);
        requests = side == RateSide.Answering ? requests.WithinOrg(m => m.ReceiverCode, unit) : requests.WithinOrg(m => m.SenderCode, unit);
        var due = requests.Where(m => m.DueOn >= from && m.DueOn <= to && (m.AnsweredOn != null || m.DueOn < today));
        var grouped = side == RateSide.Answering
            ? await due.GroupBy(m => m.ReceiverCode).Select(g => new Figures(g.Key, g.Count(), g.Count(m => m.AnsweredOn != null),
                g.Count(m => m.AnsweredOn != null && m.AnsweredOn <= m.DueOn))).ToListAsync(ct)
            : await due.GroupBy(m => m.SenderCode).Select(g => new Figures(g.Key, g.Count(), g.Count(m => m.AnsweredOn != null),
                g.Count(m => m.AnsweredOn != null && m.AnsweredOn <= m.DueOn))).ToListAsync(ct);

        var children = await db.OrgUnits.AsNoTracking().Where(o => o.ParentCode == unit.Value).OrderBy(o => o.Code)
            .Select(o => new { o.Code, o.Name }).ToListAsync(ct);
        var unitName = await db.OrgUnits.AsNoTracking().Where(o => o.Code == unit.Value).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? unit.Value;
        // Each office's figures go to the child unit whose area holds it; an office at the unit's own level (a county office
        // answering as the 户籍地) is a row of its own.
        var rows = new List<RateRow>();
        var own = grouped.Where(f => !children.Any(c => OrgCode.Parse(c.Code).Contains(f.Code))).ToList();
        if (own.Count > 0) rows.Add(Sum(unit.Value, unitName, true, own));
        foreach (var c in children)
        {
            var code = OrgCode.Parse(c.Code);
            rows.Add(Sum(c.Code, c.Name, false, grouped.Where(f => code.Contains(f.Code)).ToList()));
        }
        var total = Sum(unit.Value, unitName, true, grouped);
        await audit.RecordListAsync(user, "exchange_rates", unit.Value, $"side={side} from={from:yyyy-MM-dd} to={to:yyyy-MM-dd}", rows.Count, ct);
        return new RateTable(unit.Value, unitName, side, from, to, rows, total);
    }

    sealed record Figures(string Code, int Due, int Answered, int OnTime);

    static RateRow Sum(string code, string name, bool own, List<Figures> f) =>
        new(code, name, own, f.Sum(x => x.Due), f.Sum(x => x.Answered), f.Sum(x => x.OnTime));
}
