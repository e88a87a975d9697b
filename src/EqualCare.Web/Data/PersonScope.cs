using EqualCare.Web.Domain;
using EqualCare.Web.Web;

namespace EqualCare.Web.Data;

public static class PersonScope
{
    /// <summary>Persons whose community lies in the user's subtree: a range over the indexed community code.</summary>
    public static IQueryable<Person> InScopeOf(this IQueryable<Person> persons, CurrentUser user)
    {
        if (!user.CanReadPersons) return persons.Where(p => false);
        return persons.WithinOrg(p => p.CommunityCode, user.Org);
    }
}
