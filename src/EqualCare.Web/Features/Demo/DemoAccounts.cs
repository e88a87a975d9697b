using EqualCare.Web.Domain;

namespace EqualCare.Web.Features.Demo;

/// <summary>The demo users; other tools rely on these user names.</summary>
public static class DemoAccounts
{
    public sealed record Account(string UserName, string DisplayName, string Role, string OrgCode);

    public const string DaxueluStreet = "410103007000";   // 二七区 大学路街道
    public const string DongfengluStreet = "410105010000"; // 金水区 东风路街道
    public const string Xianghe = "410103007001";          // 祥和社区
    public const string Zhongyuan = "410103007002";        // 中原社区

    public static readonly IReadOnlyList<Account> All =
    [
        new("admin", "系统管理员", Roles.SystemAdmin, "410100000000"),
        new("erqi", "二七区管理员", Roles.District, "410103000000"),
        new("daxuelu", "大学路街道管理员", Roles.Street, DaxueluStreet),
        new("xianghe", "祥和社区专干", Roles.Community, Xianghe),
        new("zhongyuan", "中原社区专干", Roles.Community, Zhongyuan),
        new("dongfenglu", "东风路街道管理员", Roles.Street, DongfengluStreet),
    ];

    /// <summary>The streets whose communities hold the demo persons.</summary>
    public static readonly IReadOnlyList<string> DemoStreets = [DaxueluStreet, DongfengluStreet];
}
