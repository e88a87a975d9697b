using EqualCare.Web.Domain;

namespace EqualCare.Web.Features.Demo;

/// <summary>
/// Synthetic Chinese names: a surname drawn by its approximate share of the population (公安部《2020年全国姓名报告》 and
/// the 2020 census; 申 and 牛 raised a little because they are common in Henan) and a given name of one or two
/// characters from pools that differ by sex and by generation, as naming fashions do.
/// </summary>
public static class ChineseNames
{
    static readonly WeightedChoice<string> Surnames = new(
    [
        ("王", 7.12), ("李", 7.00), ("张", 6.74), ("刘", 5.10), ("陈", 4.61), ("杨", 3.22), ("黄", 2.45), ("赵", 2.19),
        ("吴", 2.05), ("周", 1.90), ("徐", 1.45), ("孙", 1.38), ("马", 1.29), ("朱", 1.28), ("胡", 1.16), ("郭", 1.15),
        ("何", 1.06), ("林", 1.01), ("高", 1.00), ("罗", 0.95), ("郑", 0.87), ("梁", 0.83), ("谢", 0.81), ("宋", 0.76),
        ("唐", 0.76), ("许", 0.66), ("韩", 0.65), ("冯", 0.64), ("邓", 0.62), ("曹", 0.61), ("彭", 0.58), ("曾", 0.57),
        ("肖", 0.56), ("田", 0.53), ("董", 0.52), ("袁", 0.51), ("潘", 0.50), ("于", 0.50), ("蒋", 0.49), ("蔡", 0.48),
        ("余", 0.47), ("杜", 0.46), ("叶", 0.45), ("程", 0.45), ("苏", 0.44), ("魏", 0.43), ("吕", 0.42), ("丁", 0.41),
        ("任", 0.40), ("沈", 0.39), ("姚", 0.38), ("卢", 0.37), ("姜", 0.36), ("崔", 0.35), ("钟", 0.34), ("谭", 0.33),
        ("陆", 0.32), ("汪", 0.31), ("范", 0.30), ("金", 0.29), ("石", 0.29), ("廖", 0.28), ("贾", 0.28), ("夏", 0.27),
        ("韦", 0.26), ("付", 0.26), ("方", 0.25), ("白", 0.25), ("邹", 0.24), ("孟", 0.24), ("熊", 0.23), ("秦", 0.23),
        ("邱", 0.22), ("江", 0.22), ("尹", 0.21), ("薛", 0.21), ("闫", 0.20), ("段", 0.20), ("雷", 0.19), ("侯", 0.19),
        ("龙", 0.18), ("史", 0.18), ("陶", 0.17), ("黎", 0.17), ("贺", 0.16), ("顾", 0.16), ("毛", 0.15), ("郝", 0.15),
        ("龚", 0.14), ("邵", 0.14), ("万", 0.14), ("钱", 0.13), ("严", 0.13), ("武", 0.12), ("戴", 0.12), ("孔", 0.11),
        ("常", 0.10), ("申", 0.12), ("牛", 0.10), ("岳", 0.08), ("樊", 0.08), ("乔", 0.07), ("司马", 0.01), ("欧阳", 0.01),
    ]);

    /// <summary>First and second characters of given names, by sex and by whether the person was born before 1990.</summary>
    sealed record Pool(string First, string Second);

    static readonly Pool MaleOlder = new("建志国卫红永海春德文明新振立长庆保光小俊家", "军强华明杰涛辉伟峰龙东刚平亮波勇斌林生成民国忠宝");
    static readonly Pool MaleYounger = new("子浩宇俊梓一文博嘉天家思皓明晨志鹏佳泽铭", "轩航然宇豪博阳辰睿杰涛鑫磊哲凯帆翔楠森瑞浩");
    static readonly Pool FemaleOlder = new("秀丽春海玉美桂金小艳红晓慧淑凤素彩翠爱雪", "英兰芳娟霞敏静丽艳燕红萍玲梅华琴云珍莲凤香");
    static readonly Pool FemaleYounger = new("欣雨思梓紫可诗一梦佳子晓雅若语嘉馨婉心依", "涵萱彤琪悦雯瑶妍婷怡琳颖洁然璐宁菲钰曦冉");

    public static string Surname(Random random) => Surnames.Pick(random);

    /// <summary>About one given name in five has a single character, more often among those born before 1990.</summary>
    public static string GivenName(Random random, Sex sex, int birthYear)
    {
        var older = birthYear < 1990;
        var pool = sex == Sex.Male ? (older ? MaleOlder : MaleYounger) : (older ? FemaleOlder : FemaleYounger);
        var second = pool.Second[random.Next(pool.Second.Length)];
        if (random.NextDouble() < (older ? 0.3 : 0.12)) return second.ToString();
        var first = pool.First[random.Next(pool.First.Length)];
        return string.Concat(first.ToString(), second.ToString());
    }
}
