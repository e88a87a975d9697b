using System.Reflection;
using System.Text.RegularExpressions;
using EqualCare.Web.Domain;
using Xunit.Abstractions;

namespace EqualCare.UnitTests;

/// <summary>
/// The folders' rules of docs/architecture.md ("Folders"): the domain stays pure, and a feature folder uses Domain, Data,
/// Web and only the other feature folders listed in <see cref="AllowedFeatureReferences"/>, one way each.
/// </summary>
public partial class ArchitectureTests(ITestOutputHelper output)
{
    /// <summary>
    /// Which other feature folders a feature folder may use, and why. Anything shared by several folders belongs in Domain,
    /// Data or Web instead; a pair both ways is never allowed.
    /// </summary>
    static readonly Dictionary<string, (string[] Uses, string Reason)> AllowedFeatureReferences = new()
    {
        ["Admin"] = (["Identity", "OrgUnits", "Demo", "Sms", "Worklist", "Indicators"], "the administration pages and commands act on users, tokens, org units, demo data, the reminder run, the kept to-do items and the kept indicator facts"),
        ["Setup"] = (["Identity", "OrgUnits", "Demo"], "start-up creates the first administrator or the demo accounts, loads the org units and the demo persons"),
        ["Demo"] = (["OrgUnits"], "the demo persons live in the loaded communities"),
        ["Identity"] = (["Demo"], "in demo mode the login page lists the demo accounts"),
        ["Home"] = (["DataQuality", "Indicators", "Worklist"], "the dashboard summarises the quality flags, the indicator table and the to-do list"),
        ["Export"] = (["Persons", "DataQuality", "Duplicates"], "the xlsx exports of those lists"),
        ["Persons"] = (["IdNumbers", "Services", "Exchange"], "the case form names the 户籍地 county from the area codes; the person page shows the service timeline; a registration writes its 流入通报"),
        ["DataQuality"] = (["Persons"], "the quality lists use the person search's age bands and the audited reveal"),
        ["Duplicates"] = (["Persons"], "the duplicate lists use the person search, the registration's duplicate check and the audited reveal"),
        ["Checkups"] = (["Services"], "the checkup sheet shows what each woman is due for and records attendance as service records"),
        ["Worklist"] = (["Services", "Checkups", "Comparison", "Exchange"], "the to-do list is computed from what is due; absentees of a checkup day are marked for catch-up; its section 需要处理的比对结果与协查 counts the open comparison results and the overdue 协查 requests of its unit"),
        ["Notices"] = (["Services", "Worklist"], "a notice lists what a person is due for, grouped as the to-do list groups it"),
        ["Sms"] = (["Services"], "reminders are sent for what is due"),
        ["IdNumbers"] = (["OrgUnits"], "an ID number's area code is named from the division table"),
        ["Import"] = (["IdNumbers"], "imported ID numbers are checked against the area codes"),
        ["Indicators"] = (["Export", "Services"], "the indicator table and its drill-down lists are exported; the 康检 rate counts the population of the office's 康检 rule (CareOptions: rule table, CheckupMaxAge)"),
        ["Plans"] = (["Export", "Import", "Comparison"], "a plan's allocation is exported and uploaded as a spreadsheet; the \"两漏\" measures count the comparison results cleared"),
        ["StatForms"] = (["Activities", "Hotline"], "the statistical forms count the recorded activities and the hotline log's consultations (column 3)"),
        ["ServicesBoard"] = (["Hotline"], "a published text may name the office's registered hotline numbers, and only the offices that keep a hotline publish"),
        ["Activities"] = (["Export", "Attachments"], "the activity log is exported as an xlsx workbook; its entries carry photos kept by the attachments store"),
        ["Summaries"] = (["Attachments"], "a unit's summary carries photos, documents and recordings kept by the attachments store"),
        ["Outflow"] = (["Exchange"], "the registration place's outflow list shows the 流入通报 that partner installations sent about its people (issue 16 point 4)"),
        ["Campaigns"] = (["Services"], "the quarterly 康检 criterion of a nomination reads the ages of the office's 康检 rule (CareOptions)"),
        ["Comparison"] = (["Import", "Services", "Persons"], "agency lists are read with the import's file readers and limits; what a matched case lacks is what the schedules say she is due for; a 漏管 row is registered through the case form and its rules"),
    };

    [Fact]
    public void Domain_types_depend_on_neither_aspnet_nor_ef_nor_the_data_layer()
    {
        var domainTypes = typeof(OrgCode).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && (ns == "EqualCare.Web.Domain" || ns.StartsWith("EqualCare.Web.Domain.", StringComparison.Ordinal)))
            .ToList();
        Assert.Contains(domainTypes, t => t.Namespace != "EqualCare.Web.Domain");
        var offences = new List<string>();
        foreach (var type in domainTypes)
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var used = type.GetFields(all).Select(f => f.FieldType)
                .Concat(type.GetProperties(all).Select(p => p.PropertyType))
                .Concat(type.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
                .Concat(type.GetConstructors(all).SelectMany(c => c.GetParameters().Select(p => p.ParameterType)))
                .Concat(type.GetInterfaces())
                .Append(type.BaseType ?? typeof(object))
                .SelectMany(Unwrap);
            offences.AddRange(used.Where(u => !IsBclOrDomain(u)).Select(u => $"{type.FullName} uses {u.FullName}").Distinct());
        }
        Assert.Empty(offences);
    }

    [Fact]
    public void Domain_sources_import_nothing_but_system_and_domain_namespaces()
    {
        var domain = Path.Combine(WebProjectFolder(), "Domain");
        var offences = new List<string>();
        foreach (var file in Directory.EnumerateFiles(domain, "*.cs", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in UsingLine().Matches(text))
            {
                var ns = m.Groups["ns"].Value;
                if (ns != "System" && !ns.StartsWith("System.", StringComparison.Ordinal) && !ns.StartsWith("EqualCare.Web.Domain", StringComparison.Ordinal))
                    offences.Add($"{Path.GetRelativePath(domain, file)}: using {ns}");
            }
            foreach (Match m in QualifiedNonDomain().Matches(text))
                offences.Add($"{Path.GetRelativePath(domain, file)}: {m.Value}");
        }
        Assert.Empty(offences);
    }

    [Fact]
    public void A_feature_folder_uses_only_domain_data_web_and_its_allowed_feature_folders()
    {
        var references = FeatureReferences();
        foreach (var line in Table(references)) output.WriteLine(line);
        var offences = references
            .Where(r => !(AllowedFeatureReferences.TryGetValue(r.From, out var allowed) && allowed.Uses.Contains(r.To)))
            .Select(r => $"Features/{r.From}/{r.File} uses Features/{r.To} ({r.Text}), which is not in the allow-list of {r.From}")
            .Distinct().ToList();
        Assert.True(offences.Count == 0, string.Join(Environment.NewLine, offences));
    }

    [Fact]
    public void The_allow_list_has_no_pair_both_ways_and_every_entry_is_used()
    {
        var both = AllowedFeatureReferences.SelectMany(a => a.Value.Uses.Select(to => (From: a.Key, To: to)))
            .Where(p => AllowedFeatureReferences.TryGetValue(p.To, out var back) && back.Uses.Contains(p.From))
            .Select(p => $"{p.From} <-> {p.To}").ToList();
        Assert.Empty(both);
        var used = FeatureReferences().Select(r => (r.From, r.To)).ToHashSet();
        var unused = AllowedFeatureReferences.SelectMany(a => a.Value.Uses.Where(to => !used.Contains((a.Key, to))).Select(to => $"{a.Key} -> {to}")).ToList();
        Assert.Empty(unused);
    }

    sealed record Reference(string From, string File, string To, string Text);

    /// <summary>
    /// Every reference from a file under Features/&lt;Own&gt;/ to another feature folder: a fully qualified
    /// <c>EqualCare.Web.Features.&lt;Other&gt;</c> (using lines, @model, @using, code) or a namespace-relative <c>&lt;Other&gt;.Type</c>.
    /// Files directly in Features/ (the site's root pages) are the site's entry and are not a feature.
    /// </summary>
    static List<Reference> FeatureReferences()
    {
        var features = Path.Combine(WebProjectFolder(), "Features");
        var folders = Directory.GetDirectories(features).Select(Path.GetFileName).OfType<string>().ToHashSet();
        var relative = new Regex($@"(?<![\w.""/@])(?<to>{string.Join('|', folders)})\.(?<type>[A-Z]\w*)");
        // A namespace-relative reference names a type the other folder declares; "Certificates.Add" on a property named
        // Certificates is not one.
        var declared = folders.ToDictionary(f => f, f => Directory.EnumerateFiles(Path.Combine(features, f), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => Declaration().Matches(File.ReadAllText(file)).Select(m => m.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal));
        var result = new List<Reference>();
        foreach (var own in folders)
            foreach (var file in Directory.EnumerateFiles(Path.Combine(features, own), "*.*", SearchOption.AllDirectories)
                         .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal)))
            {
                var name = Path.GetRelativePath(Path.Combine(features, own), file);
                foreach (var line in File.ReadLines(file).Where(l => !l.TrimStart().StartsWith("namespace ", StringComparison.Ordinal)))
                {
                    foreach (Match m in FullyQualified().Matches(line))
                        if (m.Groups["to"].Value != own) result.Add(new Reference(own, name, m.Groups["to"].Value, m.Value));
                    foreach (Match m in relative.Matches(line))
                        if (m.Groups["to"].Value != own && declared[m.Groups["to"].Value].Contains(m.Groups["type"].Value)
                            && !line.Contains("EqualCare.Web.Features." + m.Value, StringComparison.Ordinal))
                            result.Add(new Reference(own, name, m.Groups["to"].Value, m.Value));
                }
            }
        return result;
    }

    /// <summary>The references counted by pair of folders, then the total, as the architecture notes quote them.</summary>
    static IEnumerable<string> Table(List<Reference> references)
    {
        foreach (var pair in references.GroupBy(r => (r.From, r.To)).OrderBy(g => g.Key.From, StringComparer.Ordinal).ThenBy(g => g.Key.To, StringComparer.Ordinal))
            yield return $"{pair.Key.From,-12} -> {pair.Key.To,-12} {pair.Count(),3}";
        yield return $"total {references.Count} references, {references.Select(r => (r.From, r.To)).Distinct().Count()} pairs";
    }

    static IEnumerable<Type> Unwrap(Type t) =>
        t.HasElementType ? Unwrap(t.GetElementType()!)
        : t.IsGenericType ? t.GetGenericArguments().SelectMany(Unwrap).Prepend(t.GetGenericTypeDefinition())
        : [t];

    static bool IsBclOrDomain(Type t) =>
        t.IsGenericParameter
        || t.Namespace is null
        || t.Namespace == "System" || t.Namespace.StartsWith("System.", StringComparison.Ordinal)
        || t.Namespace == "EqualCare.Web.Domain" || t.Namespace.StartsWith("EqualCare.Web.Domain.", StringComparison.Ordinal);

    static string WebProjectFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "EqualCare.Web");
            if (Directory.Exists(Path.Combine(candidate, "Features"))) return candidate;
        }
        throw new DirectoryNotFoundException("src/EqualCare.Web not found above the test folder");
    }

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?(?<ns>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"\b(?:Microsoft|Npgsql|Dapper|EqualCare\.Web\.(?:Data|Web|Features))\.[\w.]+")]
    private static partial Regex QualifiedNonDomain();

    [GeneratedRegex(@"EqualCare\.Web\.Features\.(?<to>\w+)")]
    private static partial Regex FullyQualified();

    [GeneratedRegex(@"\b(?:class|record|struct|enum|interface)\s+(?<name>[A-Z]\w*)")]
    private static partial Regex Declaration();
}
