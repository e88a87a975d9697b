using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>
/// Units are picked by name (issue 13 point 7): the org-unit search within the user's scope with parent names and
/// children, and the one resolver every page's unit field goes through (a typed name → the unique unit in scope, or an
/// error naming the candidates, and nothing saved).
/// </summary>
public abstract class UnitPickerTests(AppFixture app)
{
    static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string query)
    {
        var result = await client.GetFromJsonAsync<JsonElement>("/api/org-units?" + query);
        return result.GetProperty("items").EnumerateArray().ToList();
    }

    static string Code(JsonElement item) => item.GetProperty("code").GetString()!;

    [Fact]
    public async Task Part_of_a_name_finds_the_unit_with_its_level_and_its_parents_name()
    {
        var daxuelu = await app.SignedInAsync("daxuelu");
        var hit = Assert.Single(await ItemsAsync(daxuelu, "q=" + Uri.EscapeDataString("祥和")));
        Assert.Equal(TestData.Xianghe, Code(hit));
        Assert.Equal("祥和社区居民委员会", hit.GetProperty("name").GetString());
        Assert.Equal(5, hit.GetProperty("level").GetInt32());
        Assert.Equal("大学路街道", hit.GetProperty("parentName").GetString());

        // The street comes before its communities: higher levels first.
        var all = await ItemsAsync(daxuelu, "q=410103007");
        Assert.Equal("410103007000", Code(all[0]));
        Assert.Equal(10, all.Count);
    }

    [Fact]
    public async Task Under_with_no_query_offers_the_children_and_with_a_query_searches_the_subtree()
    {
        var erqi = await app.SignedInAsync("erqi");
        var children = await ItemsAsync(erqi, "under=410103007");
        Assert.Equal(9, children.Count);
        Assert.All(children, c => Assert.Equal("大学路街道", c.GetProperty("parentName").GetString()));
        Assert.Equal(TestData.Xianghe, Code(Assert.Single(await ItemsAsync(erqi, "under=410103007&q=" + Uri.EscapeDataString("祥和")))));
    }

    [Fact]
    public async Task A_community_worker_finds_only_her_own_community()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        Assert.Equal(TestData.Xianghe, Code(Assert.Single(await ItemsAsync(xianghe, "q=" + Uri.EscapeDataString("社区")))));
        Assert.Empty(await ItemsAsync(xianghe, "q=" + Uri.EscapeDataString("中原")));
        Assert.Empty(await ItemsAsync(xianghe, "q=410103007002"));
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync("/api/org-units?under=410103007")).StatusCode);
    }

    [Fact]
    public async Task A_street_does_not_find_units_of_another_street_and_may_not_list_their_children()
    {
        var daxuelu = await app.SignedInAsync("daxuelu");
        Assert.Empty(await ItemsAsync(daxuelu, "q=" + Uri.EscapeDataString("东风路")));
        Assert.Equal(HttpStatusCode.NotFound, (await daxuelu.GetAsync("/api/org-units?under=410105010")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await daxuelu.GetAsync("/api/org-units?q=")).StatusCode);
    }

    [Fact]
    public async Task A_filter_takes_a_typed_name_and_shows_the_units_name_not_its_code()
    {
        var inZhongyuan = await app.AddPersonAsync(TestData.Zhongyuan, name: "中原甲" + TestData.NextSerial());
        var inXianghe = await app.AddPersonAsync(TestData.Xianghe, name: "祥和乙" + TestData.NextSerial());
        var daxuelu = await app.SignedInAsync("daxuelu");

        var html = await daxuelu.GetStringAsync("/Persons?community=" + Uri.EscapeDataString("中原") + "&_unit.community=");
        Assert.Contains(inZhongyuan.Name, html, StringComparison.Ordinal);
        Assert.DoesNotContain(inXianghe.Name, html, StringComparison.Ordinal);
        // The box shows the name; the code is only the hidden value and the small secondary line.
        Assert.Contains("name=\"community\" value=\"中原社区居民委员会\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"_unit.community\" value=\"410103007002\"", html, StringComparison.Ordinal);

        // Submitted again unchanged, the name and its code stay the same unit; a code typed by hand still works.
        var again = await daxuelu.GetStringAsync("/Persons?community=" + Uri.EscapeDataString("中原社区居民委员会") + "&_unit.community=410103007002");
        Assert.Contains(inZhongyuan.Name, again, StringComparison.Ordinal);
        var byCode = await daxuelu.GetStringAsync("/Persons?community=410103007002&_unit.community=");
        Assert.DoesNotContain(inXianghe.Name, byCode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ambiguous_name_names_the_candidates_and_an_unknown_one_says_so()
    {
        var daxuelu = await app.SignedInAsync("daxuelu");
        var html = WebUtility.HtmlDecode(await daxuelu.GetStringAsync("/Worklist?org=" + Uri.EscapeDataString("社区") + "&_unit.org="));
        Assert.Contains("“社区”对应多个单位", html, StringComparison.Ordinal);
        Assert.Contains("祥和社区居民委员会（大学路街道 · 410103007001）", html, StringComparison.Ordinal);

        var unknown = WebUtility.HtmlDecode(await daxuelu.GetStringAsync("/Checkups?org=" + Uri.EscapeDataString("东风路") + "&_unit.org="));
        Assert.Contains("在您的辖区内找不到名称含“东风路”的单位", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_administrator_binds_a_user_to_a_unit_typed_by_name_and_a_name_that_fits_several_saves_nothing()
    {
        var admin = await app.SignedInAsync("admin");
        async Task<HttpResponseMessage> CreateAsync(string userName, string org)
        {
            var token = await Browserless.AntiforgeryTokenAsync(admin, "/Admin/Users");
            return await admin.PostAsync("/Admin/Users", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = userName, ["DisplayName"] = "专干", ["Role"] = "community", ["OrgCode"] = org, ["_unit.OrgCode"] = "",
                ["Password"] = "Kangqiao2026a", ["__RequestVerificationToken"] = token,
            }));
        }
        async Task<string?> OrgOfAsync(string userName)
        {
            await using var scope = app.Scope();
            return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Users.Where(u => u.UserName == userName)
                .Select(u => u.OrgCode).SingleOrDefaultAsync();
        }

        var named = "kq" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync(named, "康桥华城社区")).StatusCode);
        Assert.Equal("410103007012", await OrgOfAsync(named));

        // 新华社区居民委员会 is the name of several communities of 河南: the form names them and creates nobody.
        var several = "xh" + Guid.NewGuid().ToString("N")[..6];
        var refused = await CreateAsync(several, "新华社区居民委员会");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("“新华社区居民委员会”对应多个单位", html, StringComparison.Ordinal);
        Assert.Contains("新华社区居民委员会（大学路街道 · 410103007003）", html, StringComparison.Ordinal);
        Assert.Null(await OrgOfAsync(several));

        var nowhere = "nw" + Guid.NewGuid().ToString("N")[..6];
        var unknown = await CreateAsync(nowhere, "没有这个社区");
        Assert.Contains("找不到名称含“没有这个社区”的单位", WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Null(await OrgOfAsync(nowhere));
    }
}

[Collection(OnSqlite.Name)]
public sealed class UnitPickerTestsOnSqlite(SqliteApp app) : UnitPickerTests(app);

[Collection(OnPostgres.Name)]
public sealed class UnitPickerTestsOnPostgres(PostgresApp app) : UnitPickerTests(app);
