using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Infrastructure;

public static class TestData
{
    public const string Xianghe = "410103007001";
    public const string Zhongyuan = "410103007002";
    public const string DemoPassword = "EqualCare2026";

    static int serial;

    /// <summary>A number no other call of this test run gets (each run starts on fresh databases).</summary>
    public static int NextSerial() => Interlocked.Increment(ref serial);

    /// <summary>A valid, unique GB 11643 number (area 410102, a fixed birth date, a fresh 3-digit serial per call + check character).</summary>
    public static string NewIdNumber(Sex sex, DateOnly birth)
    {
        var n = NextSerial();
        var area = (410100 + 2 + n / 500 % 80).ToString(CultureInfo.InvariantCulture);
        var seq = n % 500 * 2 + (sex == Sex.Male ? 1 : 0); // GB 11643: the 17th digit is odd for men, even for women
        var first17 = area + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + seq.ToString("D3", CultureInfo.InvariantCulture);
        return first17 + IdNumberChecksum.CheckCharacter(first17);
    }

    /// <summary>A boy born (and arrived) on <paramref name="born"/>, unmarried: due his vaccinations from birth. Saved through the app's save.</summary>
    public static async Task<Person> AddChildAsync(this AppFixture app, string communityCode, string name, DateOnly born)
    {
        var child = await app.AddPersonAsync(communityCode, name, Sex.Male);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var tracked = await db.Persons.SingleAsync(p => p.Id == child.Id);
        (tracked.BirthDate, tracked.MaritalStatus, tracked.ArrivalDate) = (born, MaritalStatus.Unmarried, born);
        await db.SaveChangesAsync();
        return tracked;
    }

    public static async Task<Person> AddPersonAsync(this AppFixture app, string communityCode, string name = "测试人员", Sex sex = Sex.Female)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var birth = new DateOnly(1990, 5, 17);
        var person = new Person
        {
            Name = name,
            IdNumber = NewIdNumber(sex, birth.AddDays(Random.Shared.Next(3000))),
            Sex = sex,
            BirthDate = birth,
            CommunityCode = communityCode,
            HukouCountyCode = "411522",
            ArrivalDate = new DateOnly(2024, 3, 1),
            MaritalStatus = MaritalStatus.FirstMarriage,
            CreatedAt = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc),
            UpdatedAt = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc),
        };
        person.BirthDate = DateOnly.ParseExact(person.IdNumber.Substring(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);
        db.Persons.Add(person);
        await db.SaveChangesAsync();
        return person;
    }
}
