namespace EqualCare.Web.Domain.Statistics;

/// <summary>
/// The fixed publicity sites seed 001 三(一)2 and seed 002 一(一) ask for where migrants live and work: 宣传栏, 资料/药具发放点,
/// 避孕药具自取箱 (自助发放机).
/// </summary>
public enum PublicitySiteKind : short
{
    NoticeBoard = 1,
    DispensingPoint = 2,
    VendingMachine = 3,
}

public static class PublicitySiteKinds
{
    public static string Chinese(PublicitySiteKind kind) => kind switch
    {
        PublicitySiteKind.NoticeBoard => "宣传栏",
        PublicitySiteKind.DispensingPoint => "药具发放点",
        _ => "自助发放机",
    };
}

/// <summary>One fixed site of a community: where it is and what is there.</summary>
public sealed class PublicitySite
{
    public long Id { get; set; }
    /// <summary>12-digit code of the community the site is in.</summary>
    public required string OrgCode { get; set; }
    public PublicitySiteKind Kind { get; set; }
    public required string Name { get; set; }
    public required string Address { get; set; }
    /// <summary>What is there (the board's topics, the contraceptives on offer).</summary>
    public string? Contents { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>A photo or document attached to an activity entry; written once.</summary>
public sealed class ActivityAttachment
{
    public long Id { get; set; }
    public long EntryId { get; set; }
    public long AttachmentId { get; set; }
    public DateTime AddedAt { get; set; }
    public required string AddedBy { get; set; }
}
