using EqualCare.Web.Domain.Exchange;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Data;

/// <summary>
/// One message between two offices (migration 0025, docs/exchange.md): written once by its sender. Its content never
/// changes; an answer is a new row naming the request (<see cref="InReplyTo"/>). The request's reading and answering are
/// kept on it as set-once columns (the triggers refuse any other change and every delete), so both offices' lists are
/// plain range queries; the history is the answer row and the audit log. The table is the outbox and inbox of one
/// installation: <see cref="MessageId"/> is globally unique so that delivery between installations can later apply a
/// message exactly once.
/// </summary>
public sealed class ExchangeMessage
{
    public long Id { get; set; }
    /// <summary>Globally unique (a version-7 UUID): the same on both sides of any delivery.</summary>
    public required string MessageId { get; set; }
    public MessageKind Kind { get; set; }
    /// <summary>The kind's detail: <see cref="VerificationTopic"/>, <see cref="CertificateAction"/>, or an answer's <see cref="AnswerResult"/>.</summary>
    public short? Topic { get; set; }
    /// <summary>A 协查 marked 紧急 (the woman is pregnant now): 15 days instead of 30.</summary>
    public bool Urgent { get; set; }
    /// <summary>12-digit code of the sending office (a community, street or county).</summary>
    public required string SenderCode { get; set; }
    /// <summary>12-digit code of the receiving office.</summary>
    public required string ReceiverCode { get; set; }
    /// <summary>The sender's own case of the person, when it has one in this installation (never travels).</summary>
    public long? SubjectPersonId { get; set; }
    /// <summary>The person's normalised ID number: the key both offices match on (配对).</summary>
    public required string SubjectIdNumber { get; set; }
    /// <summary>The <see cref="MessageId"/> this row answers.</summary>
    public string? InReplyTo { get; set; }
    /// <summary>The snapshot of the fields this kind needs, as JSON (PIPL Art. 6: minimum necessary; never the case).</summary>
    public required string Payload { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>The Beijing date by which a request must be answered.</summary>
    public DateOnly? DueOn { get; set; }
    public DateTime? ReadAt { get; set; }
    public string? ReadBy { get; set; }
    public DateTime? AnsweredAt { get; set; }
    /// <summary>The Beijing date of the answer, compared with <see cref="DueOn"/> (协查及时率).</summary>
    public DateOnly? AnsweredOn { get; set; }
    public string? AnswerMessageId { get; set; }
}

/// <summary>
/// A report the registration place received for one of its people (the 回执 of a quarter's 康检 / 避孕节育情况报告单): what
/// its outflow case shows as reported by the residence place. Written when the 回执 is applied at the receiving office,
/// once per message (the unique message id makes a repeated delivery change nothing); never changed.
/// </summary>
public sealed class ReceivedReport
{
    public long Id { get; set; }
    public required string MessageId { get; set; }
    public required string ReceiverCode { get; set; }
    public required string SenderCode { get; set; }
    public required string SubjectIdNumber { get; set; }
    public required string SubjectName { get; set; }
    /// <summary>The quarter reported, "2026Q2".</summary>
    public required string Period { get; set; }
    public required string Payload { get; set; }
    public DateTime ReceivedAt { get; set; }
}

public static class ExchangeModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ExchangeMessage>(e =>
        {
            e.ToTable("exchange_messages");
            e.HasIndex(x => x.MessageId).IsUnique();
        });
        modelBuilder.Entity<ReceivedReport>(e =>
        {
            e.ToTable("received_reports");
            e.HasIndex(x => x.MessageId).IsUnique();
        });
        FederationModel.Configure(modelBuilder);
    }
}
