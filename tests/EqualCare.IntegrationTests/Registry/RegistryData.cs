using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Web;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Registry;

/// <summary>Complete, valid cases (every required field filled, unmarried, updated now) that a test then bends as it needs.</summary>
public static class RegistryData
{
    public static async Task<Person> AddCaseAsync(this AppFixture app, string communityCode, string name, Action<Person>? change = null)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().UtcNow();
        var birth = new DateOnly(1990, 5, 17).AddDays(Random.Shared.Next(3000));
        var person = new Person
        {
            Name = name,
            IdNumber = TestData.NewIdNumber(Sex.Female, birth),
            Sex = Sex.Female,
            BirthDate = birth,
            CommunityCode = communityCode,
            HukouCountyCode = "411522",
            ArrivalDate = new DateOnly(2024, 3, 1),
            MaritalStatus = MaritalStatus.Unmarried,
            Phone = "13800001234",
            HukouAddress = "河南省信阳市光山县十里镇",
            ResidenceAddress = "郑州市二七区大学路1号",
            HousingType = HousingType.Rented,
            CreatedAt = now,
            UpdatedAt = now,
        };
        change?.Invoke(person);
        db.Persons.Add(person);
        await db.SaveChangesAsync();
        return person;
    }

    /// <summary>A name no other test uses, so that a name-prefix search returns only this test's cases.</summary>
    public static string UniqueName(string prefix) => prefix + (char)('甲' + Random.Shared.Next(0, 3000)) + (char)('甲' + Random.Shared.Next(0, 3000));

    public static DateOnly Today(this AppFixture app) => app.Services.GetRequiredService<TimeProvider>().Today();
}
