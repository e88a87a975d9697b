namespace EqualCare.Web.Domain.Services;

/// <summary>
/// A reminder in the SMS outbox. <see cref="DedupeKey"/> (person, item, due date) is unique, so a reminder is never
/// queued twice; the phone number is read from the case when sending and never stored here.
/// </summary>
public sealed class SmsMessage
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public required string CommunityCode { get; set; }
    public required string DedupeKey { get; set; }
    public required string Body { get; set; }
    public DateOnly DueDate { get; set; }
    public DateTime QueuedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public string? Sender { get; set; }
}
