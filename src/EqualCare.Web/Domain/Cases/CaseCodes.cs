namespace EqualCare.Web.Domain.Cases;

/// <summary>How far the ID number can be trusted; stored on the person so data-quality lists are plain queries.</summary>
public enum IdState : short
{
    Valid = 0,
    /// <summary>Fails at least one of the five checks (身份证号码逻辑错误).</summary>
    Invalid = 1,
    /// <summary>All zeros, 000000+date+0000 or a temporary number: "ID unknown".</summary>
    Placeholder = 2,
    /// <summary>Fails a check but was confirmed correct by a named user with a reason.</summary>
    Overridden = 3,
}

/// <summary>流入 into our area (we are the 现居住地) or 流出 out of it (we are the 户籍地).</summary>
public enum FlowDirection : short
{
    Inflow = 1,
    Outflow = 2,
}

/// <summary>The case's life (PADIS states, docs/rules.md §2.1, §2.3): never deleted, only moved between states.</summary>
public enum CaseStatus : short
{
    Active = 1,
    /// <summary>Left our area for another place (destination recorded).</summary>
    Departed = 2,
    /// <summary>返乡: went back to the 户籍地.</summary>
    ReturnedHome = 3,
    /// <summary>退档: file withdrawn; 回档 restores it with all history.</summary>
    Withdrawn = 4,
    Deceased = 5,
}

/// <summary>家庭户类型 (docs/rules.md §2.3 FAQ).</summary>
public enum HouseholdType : short
{
    /// <summary>非家庭流动: one spouse moves alone without children.</summary>
    Alone = 1,
    /// <summary>本人及配偶流动: the couple moves, with or without children.</summary>
    Couple = 2,
    /// <summary>One spouse moves with children.</summary>
    ParentWithChildren = 3,
    /// <summary>Unmarried person moving on their own.</summary>
    UnmarriedAlone = 4,
}

public enum HousingType : short
{
    Rented = 1,
    EmployerDormitory = 2,
    Owned = 3,
    WithRelatives = 4,
    WorkSite = 5,
    Other = 9,
}

/// <summary>Contraceptive method categories of the WIS / 节育统计 forms (docs/rules.md §6.2).</summary>
public enum ContraceptionMethod : short
{
    MaleSterilisation = 1,
    FemaleSterilisation = 2,
    Iud = 3,
    Implant = 4,
    OralPill = 5,
    Injection = 6,
    Condom = 7,
    Spermicide = 8,
    Other = 9,
    /// <summary>未避孕 — with a reason (pregnant, wants a child…) this still counts as an entry.</summary>
    None = 10,
}

public enum PregnancyOutcome : short
{
    LiveBirth = 1,
    Abortion = 2,
    InducedLabour = 3,
    Stillbirth = 4,
    Miscarriage = 5,
}

/// <summary>GB/T 4658 education levels, simplified to the levels the forms use.</summary>
public enum Education : short
{
    None = 1,
    Primary = 2,
    JuniorSecondary = 3,
    SeniorSecondary = 4,
    College = 5,
    Bachelor = 6,
    Postgraduate = 7,
}
