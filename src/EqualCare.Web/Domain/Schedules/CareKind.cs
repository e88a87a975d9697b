namespace EqualCare.Web.Domain.Schedules;

/// <summary>
/// One scheduled contact or locally required service. A recorded service names the kind it fulfils, so a 3-month visit
/// done a few days early still counts for the 3-month contact.
/// </summary>
public enum CareKind : short
{
    // 0–6岁儿童健康管理 (docs/rules.md §3.3)
    NewbornHomeVisit = 100,
    ChildVisit1Month = 101,
    ChildVisit3Months = 103,
    ChildVisit6Months = 106,
    ChildVisit8Months = 108,
    ChildVisit12Months = 112,
    ChildVisit18Months = 118,
    ChildVisit24Months = 124,
    ChildVisit30Months = 130,
    ChildVisit36Months = 136,
    ChildVisit4Years = 148,
    ChildVisit5Years = 160,
    ChildVisit6Years = 172,

    // 孕产妇健康管理 (docs/rules.md §3.4)
    AntenatalBooking = 201,
    AntenatalVisit2 = 202,
    AntenatalVisit3 = 203,
    AntenatalVisit4 = 204,
    AntenatalVisit5 = 205,
    PostpartumVisit = 210,
    Postpartum42DayCheck = 242,

    // Local rules (seeds 001, 004; 条例 Art. 8)
    /// <summary>康检: pregnancy / IUD / disease check of a married woman of childbearing age.</summary>
    WomensCheckup = 301,
    /// <summary>免费妇科病普查.</summary>
    GynaecologicalScreening = 302,
    /// <summary>健康档案 opened.</summary>
    HealthRecord = 303,
    /// <summary>预防接种档案 opened for a migrant child.</summary>
    ImmunisationFile = 304,
    /// <summary>《流动人口婚育证明》 presented at the current residence.</summary>
    MarriageCertificate = 305,

    // 国家免疫规划 (docs/rules.md §4): one item per vaccine dose, told apart by its item key (vaccine and dose).
    Immunisation = 400,
}
