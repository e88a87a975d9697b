using System.Text.RegularExpressions;
using EqualCare.Web.Web;

namespace EqualCare.UnitTests.Web;

/// <summary>Every UI string exists in Chinese and English, and every key a page uses exists.</summary>
public partial class ResourceTests
{
    static readonly JsonStringLocalizerFactory Factory = new();

    [Fact]
    public void Chinese_and_english_have_the_same_keys()
    {
        var zh = Factory.Table("zh-CN").Keys.ToHashSet();
        var en = Factory.Table("en").Keys.ToHashSet();
        Assert.Empty(zh.Except(en));
        Assert.Empty(en.Except(zh));
        Assert.NotEmpty(zh);
    }

    [Fact]
    public void Every_literal_key_used_in_a_page_has_a_string()
    {
        var zh = Factory.Table("zh-CN");
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(SourceFolder(), "*.cshtml", SearchOption.AllDirectories))
            foreach (Match m in LiteralKey().Matches(File.ReadAllText(file)))
                if (!zh.ContainsKey(m.Groups[1].Value)) missing.Add($"{Path.GetFileName(file)}: {m.Groups[1].Value}");
        Assert.Empty(missing);
    }

    [GeneratedRegex("""L\["([a-zA-Z][\w.]*)"[\],]""")]
    private static partial Regex LiteralKey();

    static string SourceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "EqualCare.Web", "Features");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("src/EqualCare.Web/Features not found above the test folder");
    }
}
