using System.Reflection;
using EqualCare.Web.Domain;

namespace EqualCare.UnitTests;

/// <summary>The domain stays pure: no ASP.NET, no EF, no data access (DESIGN.md, Layout).</summary>
public class ArchitectureTests
{
    [Fact]
    public void Domain_types_depend_on_neither_aspnet_nor_ef_nor_the_data_layer()
    {
        var forbidden = new[] { "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Npgsql", "Microsoft.Data.Sqlite", "EqualCare.Web.Data", "EqualCare.Web.Features", "EqualCare.Web.Web" };
        var domainTypes = typeof(OrgCode).Assembly.GetTypes().Where(t => t.Namespace == "EqualCare.Web.Domain").ToList();
        Assert.NotEmpty(domainTypes);
        var offences = new List<string>();
        foreach (var type in domainTypes)
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var used = type.GetFields(all).Select(f => f.FieldType)
                .Concat(type.GetProperties(all).Select(p => p.PropertyType))
                .Concat(type.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
                .Append(type.BaseType ?? typeof(object));
            offences.AddRange(used.Where(u => u.Namespace is { } ns && forbidden.Any(f => ns.StartsWith(f, StringComparison.Ordinal)))
                .Select(u => $"{type.Name} uses {u.FullName}"));
        }
        Assert.Empty(offences);
    }
}
