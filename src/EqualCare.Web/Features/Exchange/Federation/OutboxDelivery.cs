using System.Globalization;
using System.Net;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Exchange.Federation;

/// <summary>
/// Delivers the outbox to the partners (docs/exchange.md part 2, "Delivery"). Its state is the outbox rows, so delivery
/// survives restarts of either side: a row is pending until a partner answers 2xx. Each round takes the due rows that are
/// the oldest undelivered of their case (the person's ID number) for their partner — messages about one person arrive in
/// the order they were written — signs each with the current time and sends them, several cases at once. A failure is
/// retried after an exponentially growing wait (base × 2^(attempts−1), capped, with jitter); a refusal that a retry cannot
/// change (400, 409) stops the row as failed until an operator asks for a retry. Logs name message ids and statuses, never
/// a body.
/// </summary>
public sealed class OutboxDelivery(
    IServiceScopeFactory scopes, IHttpClientFactory http, FederationKeys keys, OutboxSignal signal, TimeProvider clock,
    IOptions<FederationOptions> options, ILogger<OutboxDelivery> log) : BackgroundService
{
    public const string Client = "exchange";
    public const string DeliverAction = "deliver";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        var poll = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            int sent;
            try
            {
                sent = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                log.LogWarning("Exchange delivery round failed: {Error}", e.GetType().Name);
                sent = 0;
            }
            if (sent == 0)
            {
                try
                {
                    await signal.WaitAsync(poll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round: sends the due rows and records each outcome; returns how many rows it tried.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var now = clock.UtcNow();
        var outbox = db.Set<OutboxEntry>();
        // The oldest undelivered row of each case and partner, when due (a failed row holds its case back: order first).
        var due = await outbox
            .Where(o => o.State == OutboxState.Pending && o.NextAttemptAt <= now
                        && !outbox.Any(e => e.PartnerId == o.PartnerId && e.CaseKey == o.CaseKey && e.State != OutboxState.Delivered && e.Id < o.Id))
            .OrderBy(o => o.Id).Take(settings.BatchSize).ToListAsync(ct);
        if (due.Count == 0) return 0;
        var ids = due.Select(d => d.PartnerId).Distinct().ToList();
        var partners = await db.Set<ExchangePartner>().AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

        var outcomes = new Outcome[due.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, due.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Parallelism), CancellationToken = ct },
            async (i, token) => outcomes[i] = await SendAsync(due[i], partners.GetValueOrDefault(due[i].PartnerId), settings, token));

        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var after = clock.UtcNow();
        for (var i = 0; i < due.Count; i++)
        {
            var row = due[i];
            var outcome = outcomes[i];
            row.Attempts++;
            row.LastError = outcome.Error;
            if (outcome.Kind == OutcomeKind.Delivered)
            {
                row.State = OutboxState.Delivered;
                row.DeliveredAt = after;
                audit.Add(DeliverAction, ExchangeService.Entity, row.MessageId,
                    detail: $"partner={partners[row.PartnerId].InstallationId} attempts={row.Attempts}", userName: "system");
            }
            else if (outcome.Kind == OutcomeKind.Refused)
            {
                row.State = OutboxState.Failed;
                audit.Add(DeliverAction, ExchangeService.Entity, row.MessageId, AuditOutcome.Refused,
                    detail: $"partner={partners.GetValueOrDefault(row.PartnerId)?.InstallationId} error={outcome.Error}", userName: "system");
                log.LogWarning("Exchange message {MessageId} refused by its partner: {Error}", row.MessageId, outcome.Error);
            }
            else
            {
                row.NextAttemptAt = after + Backoff(row.Attempts, settings);
            }
        }
        await db.SaveChangesAsync(ct);
        return due.Count;
    }

    /// <summary>base × 2^(attempts−1), capped, ±20 % jitter so that partners coming back are not hit all at once.</summary>
    public static TimeSpan Backoff(int attempts, FederationOptions settings)
    {
        var ms = settings.RetryBaseMilliseconds * Math.Pow(2, Math.Min(30, Math.Max(0, attempts - 1)));
        ms = Math.Min(ms, settings.RetryMaxSeconds * 1000.0);
        return TimeSpan.FromMilliseconds(ms * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    enum OutcomeKind { Delivered, Retry, Refused }

    readonly record struct Outcome(OutcomeKind Kind, string? Error);

    async Task<Outcome> SendAsync(OutboxEntry row, ExchangePartner? partner, FederationOptions settings, CancellationToken ct)
    {
        if (partner is null || !partner.Enabled) return new(OutcomeKind.Retry, "partner disabled");
        var body = System.Text.Encoding.UTF8.GetBytes(row.Body);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, partner.BaseAddress.TrimEnd('/') + ExchangeSignature.Path)
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add(ExchangeSignature.MessageIdHeader, row.MessageId);
        request.Headers.Add(ExchangeSignature.SenderHeader, settings.InstallationId);
        request.Headers.Add(ExchangeSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(ExchangeSignature.SignatureHeader, keys.Sign(row.MessageId, settings.InstallationId!, timestamp, body));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
            using var response = await http.CreateClient(Client).SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode) return new(OutcomeKind.Delivered, null);
            var code = await ProblemCodeAsync(response, timeout.Token);
            var error = $"{(int)response.StatusCode} {code}".Trim();
            // 400 and 409 say the message itself is refused: sending it again changes nothing. 401/403 (a key or a clock
            // being fixed on the other side), 404 (the endpoint not yet open), 429 and 5xx may pass later.
            return response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict
                ? new(OutcomeKind.Refused, error)
                : new(OutcomeKind.Retry, error);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(OutcomeKind.Retry, "timeout");
        }
        catch (HttpRequestException e)
        {
            return new(OutcomeKind.Retry, "unreachable " + e.HttpRequestError);
        }
    }

    static async Task<string> ProblemCodeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var json = await response.Content.ReadAsStringAsync(ct);
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            return doc.RootElement.TryGetProperty("code", out var c) ? Clip(c.GetString()) : "";
        }
        catch (System.Text.Json.JsonException)
        {
            return "";
        }
    }

    static string Clip(string? s) => s is null ? "" : new string(s.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-').Take(80).ToArray());
}
