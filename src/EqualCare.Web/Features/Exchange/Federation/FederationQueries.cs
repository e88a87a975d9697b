using System.Globalization;
using System.Security.Cryptography;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Exchange;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Exchange.Federation;

public sealed record OutboxItem(long Id, string MessageId, string Partner, MessageKind Kind, string CaseMasked, OutboxState State,
    int Attempts, DateTime NextAttemptAt, string? LastError, DateTime CreatedAt, DateTime? DeliveredAt);

public sealed record InboxItem(long Id, string MessageId, string Partner, MessageKind Kind, string ReceiverCode, DateTime ReceivedAt);

public sealed record DeliveryOverview(int Pending, int Failed, int Delivered, int Retrying, int Received, IReadOnlyList<OutboxItem> Outbox,
    IReadOnlyList<InboxItem> Inbox);

public sealed record PartnerInput(string? InstallationId, string? Name, string? Prefixes, string? BaseAddress, string? PublicKey, bool Enabled = true);

/// <summary>
/// The operator's side of delivery between installations (system administrator only): the outbox with its failures and
/// retries, the inbox, "retry now", and the directory of partners. Persons are never named here: a message shows its kind,
/// its partner and the masked ID number of its case. Every list and change is audited.
/// </summary>
public sealed class FederationQueries(EqualCareDb db, AuditLog audit, TimeProvider clock, OutboxSignal signal, FederationKeys keys,
    IOptions<FederationOptions> options)
{
    public const int PageSize = 50;
    public const string PartnerEntity = "exchange_partner";
    public const string RetryAction = "retry";

    public FederationOptions Options => options.Value;
    public string PublicKeyPem => keys.PublicKeyPem;

    public async Task<DeliveryOverview> OverviewAsync(CurrentUser user, OutboxState? state, CancellationToken ct)
    {
        var outbox = db.Set<OutboxEntry>().AsNoTracking();
        var counts = await outbox.GroupBy(o => o.State).Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct);
        var retrying = await outbox.CountAsync(o => o.State == OutboxState.Pending && o.Attempts > 0, ct);
        var received = await db.Set<InboxEntry>().CountAsync(ct);
        var names = await db.Set<ExchangePartner>().AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var rows = state is { } s ? outbox.Where(o => o.State == s) : outbox;
        // Failures and retries first, then the newest.
        var list = await rows.OrderByDescending(o => o.State == OutboxState.Failed).ThenByDescending(o => o.Attempts > 0 && o.State == OutboxState.Pending)
            .ThenByDescending(o => o.Id).Take(PageSize).ToListAsync(ct);
        var inbox = await db.Set<InboxEntry>().AsNoTracking().OrderByDescending(i => i.Id).Take(PageSize).ToListAsync(ct);
        await audit.RecordListAsync(user, "exchange_outbox", user.Org.Value, $"state={state}", list.Count + inbox.Count, ct);
        return new DeliveryOverview(
            counts.FirstOrDefault(c => c.Key == OutboxState.Pending)?.N ?? 0, counts.FirstOrDefault(c => c.Key == OutboxState.Failed)?.N ?? 0,
            counts.FirstOrDefault(c => c.Key == OutboxState.Delivered)?.N ?? 0, retrying, received,
            list.Select(o => new OutboxItem(o.Id, o.MessageId, names.GetValueOrDefault(o.PartnerId, "?"), o.Kind, Masking.IdNumber(o.CaseKey), o.State,
                o.Attempts, o.NextAttemptAt, o.LastError, o.CreatedAt, o.DeliveredAt)).ToList(),
            inbox.Select(i => new InboxItem(i.Id, i.MessageId, names.GetValueOrDefault(i.PartnerId, "?"), i.Kind, i.ReceiverCode, i.ReceivedAt)).ToList());
    }

    /// <summary>"Retry now": a pending or failed row becomes due at once (a delivered row is left alone); audited.</summary>
    public async Task<Result<int>> RetryNowAsync(CurrentUser user, long? id, CancellationToken ct)
    {
        var rows = db.Set<OutboxEntry>().Where(o => o.State != OutboxState.Delivered);
        if (id is { } one) rows = rows.Where(o => o.Id == one);
        var list = await rows.OrderBy(o => o.Id).Take(1000).ToListAsync(ct);
        if (id is not null && list.Count == 0) return Error.NotFound("exchange.outbox.notFound");
        var now = clock.UtcNow();
        foreach (var row in list)
        {
            row.State = OutboxState.Pending;
            row.NextAttemptAt = now;
        }
        audit.Add(RetryAction, "exchange_outbox", id?.ToString(CultureInfo.InvariantCulture), detail: $"rows={list.Count}", userName: user.UserName);
        await db.SaveChangesAsync(ct);
        signal.Wake();
        return list.Count;
    }

    public async Task<IReadOnlyList<ExchangePartner>> PartnersAsync(CancellationToken ct) =>
        await db.Set<ExchangePartner>().AsNoTracking().OrderBy(p => p.InstallationId).ToListAsync(ct);

    /// <summary>Adds a partner, or updates the one with that installation id; every field checked, audited.</summary>
    public async Task<Result<long>> SavePartnerAsync(CurrentUser user, PartnerInput input, CancellationToken ct)
    {
        var problems = new List<Error>();
        var id = input.InstallationId?.Trim() ?? "";
        if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            problems.Add(Error.Validation("exchange.partner.id", nameof(PartnerInput.InstallationId)));
        if (id == options.Value.InstallationId) problems.Add(Error.Validation("exchange.partner.self", nameof(PartnerInput.InstallationId)));
        var prefixes = (input.Prefixes ?? "").Split([',', ' ', '，', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!PartnerDirectory.PrefixesRead(prefixes)) problems.Add(Error.Validation("exchange.partner.prefixes", nameof(PartnerInput.Prefixes)));
        else if (options.Value.Enabled && prefixes.Any(p => options.Value.Prefixes.Any(o => p.StartsWith(o, StringComparison.Ordinal) || o.StartsWith(p, StringComparison.Ordinal))))
            problems.Add(Error.Validation("exchange.partner.overlap", nameof(PartnerInput.Prefixes)));
        if (!Uri.TryCreate(input.BaseAddress?.Trim(), UriKind.Absolute, out var address) || address.Scheme is not ("https" or "http"))
            problems.Add(Error.Validation("exchange.partner.address", nameof(PartnerInput.BaseAddress)));
        if (!IsP256PublicKey(input.PublicKey)) problems.Add(Error.Validation("exchange.partner.key", nameof(PartnerInput.PublicKey)));
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100) problems.Add(Error.Validation("exchange.partner.name", nameof(PartnerInput.Name)));
        if (problems.Count > 0) return Error.Invalid(problems);

        var row = await db.Set<ExchangePartner>().SingleOrDefaultAsync(p => p.InstallationId == id, ct);
        var created = row is null;
        row ??= db.Set<ExchangePartner>().Add(new ExchangePartner
        {
            InstallationId = id, Name = name, Prefixes = "", BaseAddress = "", PublicKey = "", UpdatedBy = user.UserName,
        }).Entity;
        row.Name = name;
        row.Prefixes = string.Join(',', prefixes);
        row.BaseAddress = address!.ToString().TrimEnd('/');
        row.PublicKey = input.PublicKey!.Trim();
        row.Enabled = input.Enabled;
        row.UpdatedAt = clock.UtcNow();
        row.UpdatedBy = user.UserName;
        await audit.SaveWithAsync(created ? AuditLog.Actions.Create : AuditLog.Actions.Update, PartnerEntity, () => id,
            $"prefixes={row.Prefixes} address={row.BaseAddress} enabled={row.Enabled}", user.UserName, ct);
        return row.Id;
    }

    static bool IsP256PublicKey(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem)) return false;
        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(pem);
            return key.KeySize == 256 && key.ExportParameters(false).Curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
