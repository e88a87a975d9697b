using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Data;

/// <summary>A partner installation of the directory (migration 0027, docs/exchange.md part 2).</summary>
public sealed class ExchangePartner
{
    public long Id { get; set; }
    /// <summary>The partner's own name for itself, sent in every request's X-Exchange-Sender header.</summary>
    public required string InstallationId { get; set; }
    public required string Name { get; set; }
    /// <summary>The division-code prefixes it serves, comma-separated ("42,4301").</summary>
    public required string Prefixes { get; set; }
    /// <summary>Where its receiving endpoint lives (https://…, no trailing slash).</summary>
    public required string BaseAddress { get; set; }
    /// <summary>Its ECDSA P-256 public key, SubjectPublicKeyInfo PEM.</summary>
    public required string PublicKey { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }

    public IReadOnlyList<string> PrefixList => Prefixes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public enum OutboxState : short
{
    /// <summary>Waiting for its next attempt.</summary>
    Pending = 1,
    /// <summary>The partner answered 2xx: applied there (or applied before: the inbox is idempotent).</summary>
    Delivered = 2,
    /// <summary>The partner refused it for good (400, 409, 422): no retry until an operator asks for one.</summary>
    Failed = 3,
}

/// <summary>One message on its way to a partner: written with the message, its delivery state updated by the sender.</summary>
public sealed class OutboxEntry
{
    public long Id { get; set; }
    public required string MessageId { get; set; }
    public long PartnerId { get; set; }
    /// <summary>The person's ID number: delivery is in order per case and partner.</summary>
    public required string CaseKey { get; set; }
    public Domain.Exchange.MessageKind Kind { get; set; }
    /// <summary>The exact JSON envelope sent (and signed with the headers).</summary>
    public required string Body { get; set; }
    public OutboxState State { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    /// <summary>The last failure as an HTTP status and problem code, never a body (no personal data).</summary>
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
}

/// <summary>One message applied from a partner: the idempotent inbox's key.</summary>
public sealed class InboxEntry
{
    public long Id { get; set; }
    public required string MessageId { get; set; }
    public long PartnerId { get; set; }
    public Domain.Exchange.MessageKind Kind { get; set; }
    public required string ReceiverCode { get; set; }
    public required string BodySha256 { get; set; }
    public DateTime ReceivedAt { get; set; }
}

public static class FederationModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ExchangePartner>(e =>
        {
            e.ToTable("exchange_partners");
            e.HasIndex(x => x.InstallationId).IsUnique();
            e.Ignore(x => x.PrefixList);
        });
        modelBuilder.Entity<OutboxEntry>(e =>
        {
            e.ToTable("exchange_outbox");
            e.HasIndex(x => x.MessageId).IsUnique();
        });
        modelBuilder.Entity<InboxEntry>(e =>
        {
            e.ToTable("exchange_inbox");
            e.HasIndex(x => x.MessageId).IsUnique();
        });
    }
}
