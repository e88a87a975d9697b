using System.Text.Json;
using System.Text.Json.Serialization;

namespace EqualCare.Web.Features.Exchange;

/// <summary>
/// The fields a message carries, as its payload JSON (docs/exchange.md lists which kind carries which). Only what the kind
/// needs is set; the rest is left out of the JSON (PIPL Art. 6 minimum necessary: a snapshot of the needed fields, never
/// the case). The names are the protocol's and stay stable.
/// </summary>
public sealed record ExchangePayload
{
    // Who the message is about (every kind but an answer): enough for the other office to match its files (配对).
    public string? Name { get; init; }
    public string? IdNumber { get; init; }
    public short? Sex { get; init; }
    public DateOnly? BirthDate { get; init; }
    public string? HukouCountyCode { get; init; }
    public short? MaritalStatus { get; init; }

    // 流入通报: where and since when she lives at the residence place.
    public string? ResidencePlace { get; init; }
    public DateOnly? ArrivalDate { get; init; }

    // 流出通报: where she is going and when.
    public string? Destination { get; init; }
    public DateOnly? DepartureDate { get; init; }

    // 协查: the question.
    public string? Question { get; init; }

    // 回执: the quarter's 康检 / 避孕节育情况报告单.
    public string? Quarter { get; init; }
    public DateOnly? CheckedOn { get; init; }
    public bool? Attended { get; init; }
    public bool? Pregnant { get; init; }
    public bool? IudNormal { get; init; }
    public short? Contraception { get; init; }

    // 婚育证明 代办 and its answer.
    public string? CertificateNumber { get; init; }
    public DateOnly? ValidUntil { get; init; }

    // An answer's finding, and any note.
    public string? Note { get; init; }

    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static ExchangePayload FromJson(string json) => JsonSerializer.Deserialize<ExchangePayload>(json, Options) ?? new();
}
