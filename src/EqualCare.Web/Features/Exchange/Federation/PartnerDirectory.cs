using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Exchange.Federation;

/// <summary>
/// The directory of partner installations and the outbox's entrance. A code outside this installation's prefixes is
/// served by the enabled partner with the longest matching prefix; a message for it is staged in the outbox in the
/// caller's unit of work, so the message row and its delivery commit together (transactional outbox).
/// </summary>
public sealed class PartnerDirectory(EqualCareDb db, IOptions<FederationOptions> options, TimeProvider clock, OutboxSignal signal)
{
    public FederationOptions Options => options.Value;

    public bool Serves(string? code) => options.Value.Serves(code);

    /// <summary>The partner serving a code outside this installation, or null (none, or the code is ours).</summary>
    public async Task<ExchangePartner?> PartnerForAsync(string? code, CancellationToken ct)
    {
        if (!options.Value.Enabled || code is not { Length: > 0 } || Serves(code)) return null;
        var partners = await db.Set<ExchangePartner>().AsNoTracking().Where(p => p.Enabled).ToListAsync(ct);
        return partners
            .SelectMany(p => p.PrefixList.Where(x => code.StartsWith(x, StringComparison.Ordinal)).Select(x => (Partner: p, x.Length)))
            .OrderByDescending(m => m.Length).Select(m => m.Partner).FirstOrDefault();
    }

    /// <summary>Stages a message's delivery to its partner beside the message row (both saved by the caller's SaveChanges).</summary>
    public void Stage(ExchangeMessage row, ExchangePartner partner)
    {
        db.Set<OutboxEntry>().Add(new OutboxEntry
        {
            MessageId = row.MessageId, PartnerId = partner.Id, CaseKey = row.SubjectIdNumber, Kind = row.Kind,
            Body = ExchangeEnvelope.Of(row).ToJson(), State = OutboxState.Pending, NextAttemptAt = row.CreatedAt,
            CreatedAt = row.CreatedAt,
        });
        signal.Wake(); // early is harmless: the delivery finds nothing new until the commit, then the next wake or poll does
    }

    /// <summary>Partners of the configuration, written into the directory when missing (tests and first set-up).</summary>
    public async Task LoadConfiguredAsync(CancellationToken ct)
    {
        foreach (var p in options.Value.Partners.Where(p => p.InstallationId.Length > 0))
        {
            var row = await db.Set<ExchangePartner>().SingleOrDefaultAsync(x => x.InstallationId == p.InstallationId, ct);
            if (row is not null) continue;
            db.Set<ExchangePartner>().Add(new ExchangePartner
            {
                InstallationId = p.InstallationId, Name = p.Name.Length > 0 ? p.Name : p.InstallationId,
                Prefixes = string.Join(',', p.Prefixes), BaseAddress = p.BaseAddress.TrimEnd('/'), PublicKey = p.PublicKey.Trim(),
                UpdatedAt = clock.UtcNow(), UpdatedBy = "configuration",
            });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Whether a prefix list reads: digits only, 2 to 12 of them each.</summary>
    public static bool PrefixesRead(IEnumerable<string> prefixes) =>
        prefixes.Any() && prefixes.All(p => p.Length is >= 2 and <= OrgCode.Length && p.All(char.IsAsciiDigit));
}

/// <summary>Wakes the delivery when a message is staged, so a message does not wait for the next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    readonly SemaphoreSlim semaphore = new(0, 1);

    public void Wake()
    {
        if (semaphore.CurrentCount == 0)
        {
            try
            {
                semaphore.Release();
            }
            catch (SemaphoreFullException)
            {
                // already awake
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => semaphore.WaitAsync(timeout, ct);

    public void Dispose() => semaphore.Dispose();
}
