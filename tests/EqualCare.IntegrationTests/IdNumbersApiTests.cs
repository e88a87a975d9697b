using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;

namespace EqualCare.IntegrationTests;

public abstract class IdNumbersApiTests(AppFixture app)
{
    [Fact]
    public async Task A_valid_number_yields_birth_date_sex_and_the_county_name_in_chinese()
    {
        var client = await app.SignedInAsync("xianghe");
        var view = await client.GetFromJsonAsync<JsonElement>("/api/id-numbers/11010519491231002x");

        Assert.True(view.GetProperty("valid").GetBoolean());
        Assert.Equal("11010519491231002X", view.GetProperty("normalized").GetString());
        Assert.Equal("1949-12-31", view.GetProperty("birthDate").GetString());
        Assert.Equal("女", view.GetProperty("sexName").GetString());
        Assert.Equal("110105", view.GetProperty("areaCode").GetString());
        Assert.Equal("北京市 朝阳区", view.GetProperty("areaName").GetString());
        Assert.Equal(5, view.GetProperty("checks").GetArrayLength());
    }

    [Fact]
    public async Task A_wrong_check_character_is_explained_in_chinese()
    {
        var client = await app.SignedInAsync("xianghe");
        var view = await client.GetFromJsonAsync<JsonElement>("/api/id-numbers/110105194912310021");
        Assert.False(view.GetProperty("valid").GetBoolean());
        Assert.Contains("校验码错误（第18位）", view.GetProperty("messages").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task A_15_digit_number_comes_back_upgraded()
    {
        var client = await app.SignedInAsync("xianghe");
        var view = await client.GetFromJsonAsync<JsonElement>("/api/id-numbers/130503670401001");
        Assert.True(view.GetProperty("upgradedFrom15").GetBoolean());
        Assert.Equal("130503196704010016", view.GetProperty("normalized").GetString());
    }

    [Fact]
    public async Task The_check_needs_a_login() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().GetAsync("/api/id-numbers/11010519491231002X")).StatusCode);
}

[Collection(OnSqlite.Name)]
public sealed class IdNumbersApiTestsOnSqlite(SqliteApp app) : IdNumbersApiTests(app);

[Collection(OnPostgres.Name)]
public sealed class IdNumbersApiTestsOnPostgres(PostgresApp app) : IdNumbersApiTests(app);
