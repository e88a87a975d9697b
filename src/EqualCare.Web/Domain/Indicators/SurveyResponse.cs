namespace EqualCare.Web.Domain.Indicators;

/// <summary>
/// One person's answers to the two survey questions (政策知晓, 服务满意), as a worker entered them. Append-only: a second
/// answer in the same period is a new row and the latest one counts (政策知晓率, 服务满意率).
/// </summary>
public sealed class SurveyResponse
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    /// <summary>The person's community when answering: per-community figures stay right after a move.</summary>
    public required string CommunityCode { get; set; }
    public DateOnly AnsweredOn { get; set; }
    public bool PolicyKnown { get; set; }
    public bool Satisfied { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
}
