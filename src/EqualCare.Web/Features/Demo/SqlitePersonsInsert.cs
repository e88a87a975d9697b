using EqualCare.Web.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;
using EqualCare.Web.Domain;
using Microsoft.Data.Sqlite;

namespace EqualCare.Web.Features.Demo;

/// <summary>
/// Persons into SQLite: one transaction, one prepared INSERT whose parameters are reset for every row. Values are
/// written in the text forms EF Core's SQLite provider reads back (dates yyyy-MM-dd, timestamps with up to seven
/// fraction digits), so the app reads these rows like its own.
/// </summary>
static class SqlitePersonsInsert
{
    public const string DateFormat = SqliteBulk.DateFormat;
    public const string TimestampFormat = SqliteBulk.TimestampFormat;

    const string Insert = """
        INSERT INTO persons (id, name, id_number, sex, birth_date, community_code, hukou_county_code, arrival_date,
                             marital_status, spouse_id, mother_id, father_id, occupation, phone, created_at, updated_at, version,
                             hukou_address, residence_address, housing_type, marriage_date, contraception_method,
                             contraception_start, pregnancy_lmp, pregnancy_expected_date, pregnancy_outcome, pregnancy_outcome_date)
        VALUES ($id, $name, $id_number, $sex, $birth_date, $community_code, $hukou_county_code, $arrival_date,
                $marital_status, $spouse_id, $mother_id, $father_id, $occupation, $phone, $created_at, $updated_at, $version,
                $hukou_address, $residence_address, $housing_type, $marriage_date, $contraception_method,
                $contraception_start, $pregnancy_lmp, $pregnancy_expected_date, $pregnancy_outcome, $pregnancy_outcome_date)
        """;

    /// <summary>
    /// Page cache for the load, in KiB (negative = KiB in SQLite's PRAGMA). ID numbers arrive in random order, so the
    /// unique index is touched all over; with the default 2 MiB cache most inserts would read a page back from disk.
    /// </summary>
    const int BulkCacheKiB = 256 * 1024;

    public static async Task<int> WriteAsync(SqliteConnection connection, IEnumerable<Person> persons, CancellationToken ct)
    {
        var cacheSize = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA cache_size", cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition($"PRAGMA cache_size = -{BulkCacheKiB}", cancellationToken: ct));
        try
        {
            return await InsertAsync(connection, persons, ct);
        }
        finally
        {
            // The connection goes back to the pool: leave it as it was found.
            await connection.ExecuteAsync($"PRAGMA cache_size = {cacheSize}");
        }
    }

    static async Task<int> InsertAsync(SqliteConnection connection, IEnumerable<Person> persons, CancellationToken ct)
    {
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = Insert;
        var id = cmd.AddParameter("$id");
        var name = cmd.AddParameter("$name");
        var idNumber = cmd.AddParameter("$id_number");
        var sex = cmd.AddParameter("$sex");
        var birthDate = cmd.AddParameter("$birth_date");
        var community = cmd.AddParameter("$community_code");
        var hukou = cmd.AddParameter("$hukou_county_code");
        var arrival = cmd.AddParameter("$arrival_date");
        var marital = cmd.AddParameter("$marital_status");
        var spouse = cmd.AddParameter("$spouse_id");
        var mother = cmd.AddParameter("$mother_id");
        var father = cmd.AddParameter("$father_id");
        var occupation = cmd.AddParameter("$occupation");
        var phone = cmd.AddParameter("$phone");
        var createdAt = cmd.AddParameter("$created_at");
        var updatedAt = cmd.AddParameter("$updated_at");
        var version = cmd.AddParameter("$version");
        var hukouAddress = cmd.AddParameter("$hukou_address");
        var residenceAddress = cmd.AddParameter("$residence_address");
        var housing = cmd.AddParameter("$housing_type");
        var marriage = cmd.AddParameter("$marriage_date");
        var method = cmd.AddParameter("$contraception_method");
        var methodStart = cmd.AddParameter("$contraception_start");
        var lmp = cmd.AddParameter("$pregnancy_lmp");
        var expected = cmd.AddParameter("$pregnancy_expected_date");
        var outcome = cmd.AddParameter("$pregnancy_outcome");
        var outcomeDate = cmd.AddParameter("$pregnancy_outcome_date");
        await cmd.PrepareAsync(ct);

        var count = 0;
        string? stampText = null;
        var stamp = default(DateTime);
        foreach (var p in persons)
        {
            id.Value = p.Id;
            name.Value = p.Name;
            idNumber.Value = p.IdNumber;
            sex.Value = (int)p.Sex;
            birthDate.Value = p.BirthDate.ToString(DateFormat, CultureInfo.InvariantCulture);
            community.Value = p.CommunityCode;
            hukou.Value = p.HukouCountyCode;
            arrival.Value = p.ArrivalDate.ToString(DateFormat, CultureInfo.InvariantCulture);
            marital.Value = (int)p.MaritalStatus;
            spouse.Value = (object?)p.SpouseId ?? DBNull.Value;
            mother.Value = (object?)p.MotherId ?? DBNull.Value;
            father.Value = (object?)p.FatherId ?? DBNull.Value;
            occupation.Value = (object?)p.Occupation ?? DBNull.Value;
            phone.Value = (object?)p.Phone ?? DBNull.Value;
            // Every row of one run carries the same stamp: format it once.
            if (stampText is null || p.CreatedAt != stamp)
            {
                stamp = p.CreatedAt;
                stampText = stamp.ToString(TimestampFormat, CultureInfo.InvariantCulture);
            }
            createdAt.Value = stampText;
            updatedAt.Value = p.UpdatedAt == stamp ? stampText : p.UpdatedAt.ToString(TimestampFormat, CultureInfo.InvariantCulture);
            version.Value = p.Version;
            hukouAddress.Value = (object?)p.HukouAddress ?? DBNull.Value;
            residenceAddress.Value = (object?)p.ResidenceAddress ?? DBNull.Value;
            housing.Value = p.HousingType is { } h ? (int)h : DBNull.Value;
            marriage.Value = DateOrNull(p.MarriageDate);
            method.Value = p.ContraceptionMethod is { } m ? (int)m : DBNull.Value;
            methodStart.Value = DateOrNull(p.ContraceptionStart);
            lmp.Value = DateOrNull(p.PregnancyLmp);
            expected.Value = DateOrNull(p.PregnancyExpectedDate);
            outcome.Value = p.PregnancyOutcome is { } o ? (int)o : DBNull.Value;
            outcomeDate.Value = DateOrNull(p.PregnancyOutcomeDate);
            await cmd.ExecuteNonQueryAsync(ct);
            count++;
        }
        await tx.CommitAsync(ct);
        return count;
    }

    static object DateOrNull(DateOnly? date) => date is { } d ? SqliteBulk.Date(d) : DBNull.Value;
}
