using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;

namespace EqualCare.Web.Features.Import;

/// <summary>
/// A checked, new row ready to load: the person's values after <see cref="CaseRules"/>, kept between report and confirm in
/// a compact binary file (rows.bin) so that loading neither re-parses nor re-validates the upload.
/// </summary>
// Plain fields: a million of these are written and read in a tight loop.
#pragma warning disable CA1051
public sealed class ImportRecord
{
    public int RowNumber;
    public string Name = "";
    public string IdNumber = "";
    public string? IdNumberEntered;
    public IdState IdState;
    public string? IdFailedChecks;
    public string? IdOverrideReason;
    public Sex Sex;
    public DateOnly BirthDate;
    public string? Ethnicity;
    public string HukouCountyCode = "";
    public string? HukouAddress;
    public string CommunityCode = "";
    public string? ResidenceAddress;
    public HousingType? HousingType;
    public string? LandlordOrEmployer;
    public DateOnly ArrivalDate;
    public FlowDirection FlowDirection;
    public HouseholdType? HouseholdType;
    public MaritalStatus MaritalStatus;
    public DateOnly? MarriageDate;
    public bool AccompanyingChild;
    public ContraceptionMethod? ContraceptionMethod;
    public DateOnly? ContraceptionStart;
    public string? ContraceptionProvider;
    public DateOnly? PregnancyLmp;
    public DateOnly? PregnancyExpectedDate;
    public PregnancyOutcome? PregnancyOutcome;
    public DateOnly? PregnancyOutcomeDate;
    public string? Phone;
    public Education? Education;
    public string? Occupation;
#pragma warning restore CA1051

    /// <summary>The persons columns an import fills from the file (besides created/updated, version, status, override by/at).</summary>
    public static readonly string[] Columns =
    [
        "name", "id_number", "id_number_entered", "id_state", "id_failed_checks", "id_override_reason", "sex", "birth_date", "ethnicity",
        "hukou_county_code", "hukou_address", "community_code", "residence_address", "housing_type", "landlord_or_employer", "arrival_date",
        "flow_direction", "household_type", "marital_status", "marriage_date", "accompanying_child", "contraception_method",
        "contraception_start", "contraception_provider", "pregnancy_lmp", "pregnancy_expected_date", "pregnancy_outcome",
        "pregnancy_outcome_date", "phone", "education", "occupation",
    ];

    public static ImportRecord From(int rowNumber, CheckedCase c)
    {
        var i = c.Input;
        return new ImportRecord
        {
            RowNumber = rowNumber, Name = i.Name!, IdNumber = c.IdNumber, IdNumberEntered = c.IdNumberEntered, IdState = c.IdState,
            IdFailedChecks = c.IdFailedChecks, IdOverrideReason = c.IdState == IdState.Overridden ? i.IdOverrideReason?.Trim() : null,
            Sex = c.Sex, BirthDate = c.BirthDate, Ethnicity = i.Ethnicity, HukouCountyCode = c.HukouCountyCode, HukouAddress = i.HukouAddress,
            CommunityCode = OrgCode.Parse(i.CommunityCode!).Value, ResidenceAddress = i.ResidenceAddress, HousingType = i.HousingType,
            LandlordOrEmployer = i.LandlordOrEmployer, ArrivalDate = i.ArrivalDate!.Value, FlowDirection = i.FlowDirection,
            HouseholdType = i.HouseholdType, MaritalStatus = i.MaritalStatus, MarriageDate = i.MarriageDate, AccompanyingChild = i.AccompanyingChild,
            ContraceptionMethod = i.ContraceptionMethod, ContraceptionStart = i.ContraceptionStart, ContraceptionProvider = i.ContraceptionProvider,
            PregnancyLmp = i.PregnancyLmp, PregnancyExpectedDate = c.PregnancyExpectedDate, PregnancyOutcome = i.PregnancyOutcome,
            PregnancyOutcomeDate = i.PregnancyOutcomeDate, Phone = c.Phone, Education = i.Education, Occupation = i.Occupation,
        };
    }

    public void Write(BinaryWriter w)
    {
        w.Write(RowNumber);
        w.Write(Name);
        w.Write(IdNumber);
        Str(w, IdNumberEntered);
        w.Write((short)IdState);
        Str(w, IdFailedChecks);
        Str(w, IdOverrideReason);
        w.Write((short)Sex);
        w.Write(BirthDate.DayNumber);
        Str(w, Ethnicity);
        w.Write(HukouCountyCode);
        Str(w, HukouAddress);
        w.Write(CommunityCode);
        Str(w, ResidenceAddress);
        Code(w, (short?)HousingType);
        Str(w, LandlordOrEmployer);
        w.Write(ArrivalDate.DayNumber);
        w.Write((short)FlowDirection);
        Code(w, (short?)HouseholdType);
        w.Write((short)MaritalStatus);
        Day(w, MarriageDate);
        w.Write(AccompanyingChild);
        Code(w, (short?)ContraceptionMethod);
        Day(w, ContraceptionStart);
        Str(w, ContraceptionProvider);
        Day(w, PregnancyLmp);
        Day(w, PregnancyExpectedDate);
        Code(w, (short?)PregnancyOutcome);
        Day(w, PregnancyOutcomeDate);
        Str(w, Phone);
        Code(w, (short?)Education);
        Str(w, Occupation);
    }

    public static ImportRecord Read(BinaryReader r) => new()
    {
        RowNumber = r.ReadInt32(),
        Name = r.ReadString(),
        IdNumber = r.ReadString(),
        IdNumberEntered = Str(r),
        IdState = (IdState)r.ReadInt16(),
        IdFailedChecks = Str(r),
        IdOverrideReason = Str(r),
        Sex = (Sex)r.ReadInt16(),
        BirthDate = DateOnly.FromDayNumber(r.ReadInt32()),
        Ethnicity = Str(r),
        HukouCountyCode = r.ReadString(),
        HukouAddress = Str(r),
        CommunityCode = r.ReadString(),
        ResidenceAddress = Str(r),
        HousingType = (HousingType?)Code(r),
        LandlordOrEmployer = Str(r),
        ArrivalDate = DateOnly.FromDayNumber(r.ReadInt32()),
        FlowDirection = (FlowDirection)r.ReadInt16(),
        HouseholdType = (HouseholdType?)Code(r),
        MaritalStatus = (MaritalStatus)r.ReadInt16(),
        MarriageDate = Day(r),
        AccompanyingChild = r.ReadBoolean(),
        ContraceptionMethod = (ContraceptionMethod?)Code(r),
        ContraceptionStart = Day(r),
        ContraceptionProvider = Str(r),
        PregnancyLmp = Day(r),
        PregnancyExpectedDate = Day(r),
        PregnancyOutcome = (PregnancyOutcome?)Code(r),
        PregnancyOutcomeDate = Day(r),
        Phone = Str(r),
        Education = (Education?)Code(r),
        Occupation = Str(r),
    };

    /// <summary>Every record of a rows.bin file, streamed.</summary>
    public static IEnumerable<ImportRecord> ReadAll(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8);
        while (stream.Position < stream.Length) yield return Read(reader);
    }

    static void Str(BinaryWriter w, string? s)
    {
        w.Write(s is not null);
        if (s is not null) w.Write(s);
    }

    static string? Str(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    static void Code(BinaryWriter w, short? v) => w.Write(v ?? -1);

    static short? Code(BinaryReader r) => r.ReadInt16() is var v && v >= 0 ? v : null;

    static void Day(BinaryWriter w, DateOnly? d) => w.Write(d?.DayNumber ?? -1);

    static DateOnly? Day(BinaryReader r) => r.ReadInt32() is var v && v >= 0 ? DateOnly.FromDayNumber(v) : null;
}
