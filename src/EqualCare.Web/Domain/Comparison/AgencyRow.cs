namespace EqualCare.Web.Domain.Comparison;

/// <summary>An agency's row as the comparison reads it: the cells normalised through the office's column mapping.</summary>
public sealed record AgencyRow(
    string Name, string? IdNumber, Sex? Sex, DateOnly? BirthDate, string? Address, MaritalStatus? MaritalStatus, string? Community, string? Phone)
{
    /// <summary>
    /// The row read through the mapping. A birth date or sex the row lacks is taken from a valid 18-digit number (GB 11643:
    /// digits 7–14 and the parity of the 17th), so a 公安 list of numbers alone still matches by name when a case's number
    /// is a placeholder.
    /// </summary>
    public static AgencyRow Read(IReadOnlyList<string> cells, ColumnMapping mapping)
    {
        string? Cell(ListField f) => mapping[f] is { } i && i < cells.Count && !string.IsNullOrWhiteSpace(cells[i]) ? cells[i].Trim() : null;
        var id = Normalise.IdNumber(Cell(ListField.IdNumber));
        var birth = Normalise.Date(Cell(ListField.BirthDate));
        var sex = Normalise.SexOf(Cell(ListField.Sex));
        if (id is not null)
        {
            if (birth is null && DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", out var b)) birth = b;
            sex ??= (id[16] - '0') % 2 == 1 ? Domain.Sex.Male : Domain.Sex.Female;
        }
        return new AgencyRow(Normalise.Name(Cell(ListField.Name)), id, sex, birth, Cell(ListField.Address),
            Normalise.Marital(Cell(ListField.MaritalStatus)), Cell(ListField.Community), Cell(ListField.Phone));
    }

    public Particulars Particulars => new(Name, IdNumber, BirthDate, Sex);

    /// <summary>A row that can be compared at all: a name, and a number or a birth date.</summary>
    public bool Usable => Name.Length > 0 && (IdNumber is not null || BirthDate is not null);
}
