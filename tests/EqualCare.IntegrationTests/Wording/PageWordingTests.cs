using System.Data.Common;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.IntegrationTests.Registry;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Features.Worklist;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Wording;

/// <summary>
/// Walks the main pages as each role (administrator, district, street, community) in Chinese and in English and fails on
/// what the system must never show a user: internal references (file names, rule codes such as <c>comprehensive</c> or
/// <c>free_service</c>, query fragments such as <c>role=</c>, raw enum names such as <c>WomensCheckup</c>), and, in English,
/// Chinese written by the system. The rule for Chinese in English mode: a run of Chinese characters may appear only as
/// part of stored data — a person's name or address, a unit's name or address, a place, a note, a reason, a message, any text
/// a user or the division table entered — or inside an element marked lang="zh-CN" (the language switch "中文", a citation of
/// a Chinese source document). Everything else the page says is the system's
/// and must be English. The visible text is checked, and the title, placeholder, aria-label and alt attributes.
/// </summary>
public abstract partial class PageWordingTests(AppFixture app)
{
    static readonly string[] CommonPages =
    [
        "/", "/Persons", "/Persons/Register", "/Worklist", "/Checkups", "/Checkups/CatchUp", "/Sms", "/Import",
        "/Certificates/Missing", "/Duplicates", "/DataQuality", "/Indicators", "/Indicators/Targets", "/Surveys", "/Plans",
        "/Activities", "/StatForms", "/Movements", "/Movements/HandedOver", "/OrgUnits", "/Admin/Users", "/Admin/Tokens",
        "/Admin/Audit", "/Account/ChangePassword", "/Account/Tokens", "/Hotline", "/Hotline/Lines", "/ServicesBoard",
        "/Public/Services", "/Public/Services/410103007001",
    ];

    static readonly string[] Users = ["admin", "erqi", "daxuelu", "xianghe"];

    /// <summary>Enums whose member names would be internal if shown; single-word names (Active, Other) are plain English and skipped.</summary>
    static readonly Type[] MainEnums =
    [
        typeof(CareKind), typeof(ServiceKind), typeof(ExemptionReason), typeof(CaseStatus), typeof(FlowDirection), typeof(WorkGroup),
        typeof(ActivityKind), typeof(Operation), typeof(CheckOutcome), typeof(PeriodType), typeof(IdState), typeof(MaritalStatus),
        typeof(ContraceptionMethod), typeof(HousingType), typeof(HouseholdType), typeof(PregnancyOutcome), typeof(Education),
        typeof(MovementKind), typeof(CertificateKind), typeof(StatFormState), typeof(StatUnit),
    ];

    static IEnumerable<string> EnumNames() => MainEnums.SelectMany(Enum.GetNames)
        .Where(n => n.Length >= 6 && n.Count(char.IsUpper) >= 2).Distinct();

    /// <summary>The indicators' rule codes that are not plain English words (free_service, comprehensive as a code …).</summary>
    static IEnumerable<string> RuleCodes() => IndicatorCatalogue.All.Select(i => i.Code).Where(c => c.Contains('_', StringComparison.Ordinal)).Append("comprehensive");

    async Task<(Person Woman, Person Child)> PeopleAsync()
    {
        var woman = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("词"), p =>
        {
            p.MaritalStatus = MaritalStatus.FirstMarriage;
            p.BirthDate = new DateOnly(1992, 6, 1);
        });
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var child = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("词童"), p =>
        {
            p.BirthDate = today.AddMonths(-14);
            p.Sex = Sex.Male;
            p.MotherId = woman.Id;
            p.AccompanyingChild = true;
            p.ArrivalDate = today.AddMonths(-10);
        });
        return (woman, child);
    }

    /// <summary>Every stored text value (all text columns of every table but the migrations): the data a page may show.</summary>
    async Task<string> StoredTextAsync()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = app.Provider == DatabaseProvider.Postgres
                ? "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying')"
                : "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND upper(p.type) LIKE 'TEXT%'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) columns.Add((reader.GetString(0), reader.GetString(1)));
        }
        var text = new StringBuilder();
        foreach (var (table, column) in columns.Where(c => c.Table != "schema_migrations"))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT DISTINCT \"{column}\" FROM \"{table}\" WHERE \"{column}\" IS NOT NULL";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                if (reader.GetValue(0) is string value && value.Any(IsHan)) text.Append(value).Append('\n');
        }
        return text.Append("中文\n").ToString();
    }

    static bool IsHan(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';

    /// <summary>The page's visible text and its title, placeholder, aria-label and alt attributes, entities decoded.</summary>
    static string Visible(string html, bool english)
    {
        html = Hidden().Replace(html, " ");
        if (english) html = MarkedChinese().Replace(html, " ");
        var attributes = string.Join(" \n", Attribute().Matches(html).Select(m => m.Groups[2].Value));
        var text = Tag().Replace(html, " \n");
        return WebUtility.HtmlDecode(text + " \n" + attributes);
    }

    static IEnumerable<string> Problems(string page, string text, bool english, string stored)
    {
        foreach (var pattern in Forbidden())
            foreach (Match m in pattern.Matches(text)) yield return $"{page}: internal reference \"{Around(text, m.Index)}\"";
        foreach (var name in EnumNames().Concat(RuleCodes()))
            foreach (Match m in Regex.Matches(text, $@"(?<![\w-]){Regex.Escape(name)}(?![\w-])"))
                yield return $"{page}: code \"{name}\" in \"{Around(text, m.Index)}\"";
        if (!english) yield break;
        foreach (Match run in HanRun().Matches(text))
            if (!stored.Contains(run.Value, StringComparison.Ordinal)) yield return $"{page}: Chinese in English \"{Around(text, run.Index)}\"";
    }

    static string Around(string text, int index)
    {
        var start = Math.Max(0, index - 30);
        return Regex.Replace(text.Substring(start, Math.Min(70, text.Length - start)), @"\s+", " ").Trim();
    }

    static IEnumerable<Regex> Forbidden() => [RoleQuery(), FileName(), SnakeCode()];

    [Fact]
    public async Task No_page_shows_an_internal_reference_and_english_pages_show_no_system_chinese()
    {
        var (woman, child) = await PeopleAsync();
        var personPages = new[]
        {
            $"/Persons/{woman.Id}", $"/Persons/{child.Id}", $"/Persons/{woman.Id}/Services", $"/Persons/{child.Id}/Services",
            $"/Persons/{woman.Id}/Certificates", $"/Persons/{woman.Id}/Movements", $"/Persons/{woman.Id}/Edit",
            $"/Notices/Person/{child.Id}", $"/Notices?ids={woman.Id},{child.Id}&layout=compact", $"/Worklist?community={TestData.Xianghe}",
            $"/OrgUnits/Contact/{TestData.Xianghe}",
        };
        var stored = await StoredTextAsync();
        var problems = new List<string>();
        var seen = new Dictionary<string, int>();
        foreach (var user in Users)
        {
            foreach (var english in new[] { false, true })
            {
                var client = await app.SignedInAsync(user);
                if (english) Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/culture/en?returnUrl=/")).StatusCode);
                foreach (var page in CommonPages.Concat(personPages))
                {
                    var response = await client.GetAsync(page);
                    if (response.StatusCode != HttpStatusCode.OK) continue;
                    var html = await response.Content.ReadAsStringAsync();
                    if (english) Assert.Contains("<html lang=\"en\"", html, StringComparison.Ordinal);
                    seen[user] = seen.GetValueOrDefault(user) + 1;
                    problems.AddRange(Problems($"{user} {(english ? "en" : "zh")} {page}", Visible(html, english), english, stored));
                }
            }
        }
        Assert.All(Users, u => Assert.True(seen.GetValueOrDefault(u) >= 8, $"{u} opened {seen.GetValueOrDefault(u)} pages"));
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join("\n", problems.Distinct().Take(300)));
    }

    [GeneratedRegex(@"<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<option\b[^>]*\bvalue=""""[^>]*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"\b(title|placeholder|aria-label|alt)=""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex Attribute();

    /// <summary>An element marked as Chinese on purpose (lang="zh-CN"): a citation of a Chinese document, the language switch.</summary>
    [GeneratedRegex(@"<(\w+)\b[^>]*\blang=""zh-CN""[^>]*>.*?</\1>", RegexOptions.Singleline)]
    private static partial Regex MarkedChinese();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[\u3400-\u4dbf\u4e00-\u9fff]+")]
    private static partial Regex HanRun();

    [GeneratedRegex(@"\b(role|kind|group|view|issue)=\w")]
    private static partial Regex RoleQuery();

    [GeneratedRegex(@"\b\w+\.(json|cs|cshtml|sql|csv\.gz)\b")]
    private static partial Regex FileName();

    [GeneratedRegex(@"(?<![\w-])[a-z]+_[a-z0-9_]+(?![\w-])")]
    private static partial Regex SnakeCode();
}

[Collection(OnSqlite.Name)]
public sealed class PageWordingTestsOnSqlite(SqliteApp app) : PageWordingTests(app);

[Collection(OnPostgres.Name)]
public sealed class PageWordingTestsOnPostgres(PostgresApp app) : PageWordingTests(app);
