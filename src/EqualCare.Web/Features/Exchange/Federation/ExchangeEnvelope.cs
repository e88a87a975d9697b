using System.Text.Json;
using System.Text.Json.Serialization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain.Exchange;

namespace EqualCare.Web.Features.Exchange.Federation;

/// <summary>
/// The body of a request between installations (docs/exchange.md part 2, "Envelope"): the message's own columns that the
/// other side needs and its payload; never the sender's case id, its reader or any other column. Kinds and topics are the
/// stored numbers (never renumbered).
/// </summary>
public sealed record ExchangeEnvelope
{
    public int Version { get; init; } = 1;
    public required string MessageId { get; init; }
    public MessageKind Kind { get; init; }
    public short? Topic { get; init; }
    public bool Urgent { get; init; }
    public required string SenderCode { get; init; }
    public required string ReceiverCode { get; init; }
    public required string SubjectIdNumber { get; init; }
    public string? InReplyTo { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateOnly? DueOn { get; init; }
    public required ExchangePayload Payload { get; init; }

    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static ExchangeEnvelope Of(ExchangeMessage m) => new()
    {
        MessageId = m.MessageId, Kind = m.Kind, Topic = m.Topic, Urgent = m.Urgent, SenderCode = m.SenderCode,
        ReceiverCode = m.ReceiverCode, SubjectIdNumber = m.SubjectIdNumber, InReplyTo = m.InReplyTo,
        CreatedAt = DateTime.SpecifyKind(m.CreatedAt, DateTimeKind.Utc), DueOn = m.DueOn, Payload = ExchangePayload.FromJson(m.Payload),
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>The envelope of a body, or null when it does not read as one.</summary>
    public static ExchangeEnvelope? TryRead(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize<ExchangeEnvelope>(body, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
