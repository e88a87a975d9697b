using EqualCare.Web.Domain;

namespace EqualCare.Web.Features.Demo;

/// <summary>What migrants in a provincial capital typically do, weighted differently for men and women.</summary>
public static class Occupations
{
    public const string Preschool = "学龄前儿童";
    public const string Pupil = "学生";

    static readonly WeightedChoice<string> Men = new(
    [
        ("建筑工人", 14), ("工厂工人", 13), ("个体经营", 12), ("快递员", 8), ("外卖骑手", 8), ("销售", 7), ("网约车司机", 6),
        ("餐饮服务员", 5), ("装修工", 5), ("保安", 5), ("厨师", 4), ("货车司机", 4), ("维修工", 3), ("美容美发", 1),
        ("保洁员", 1), ("无业", 2),
    ]);

    static readonly WeightedChoice<string> Women = new(
    [
        ("餐饮服务员", 14), ("工厂工人", 12), ("个体经营", 12), ("销售", 11), ("保洁员", 8), ("家政服务", 8), ("美容美发", 5),
        ("收银员", 5), ("服装加工", 4), ("快递员", 2), ("建筑工人", 2), ("厨师", 2), ("无业", 6), ("操持家务", 6),
    ]);

    /// <summary>Children get their stage of schooling; compulsory schooling starts at six (义务教育法 §11).</summary>
    public static string For(Random random, Sex sex, int age) => age switch
    {
        < 6 => Preschool,
        < 17 => Pupil,
        _ => (sex == Sex.Male ? Men : Women).Pick(random),
    };
}
