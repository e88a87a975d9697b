using EqualCare.Web.Domain;
using EqualCare.Web.Features.Identity;
using EqualCare.Web.Web;
using Microsoft.Extensions.Options;

namespace EqualCare.UnitTests.Identity;

/// <summary>Issue 14 point 5: who needs the second factor, when the requirement is on, and how a recovery code is read.</summary>
public sealed class TwoFactorRulesTests
{
    [Theory]
    [InlineData(Roles.SystemAdmin, true)]   // administers users and the audit log
    [InlineData(Roles.Community, true)]     // may reveal and export unmasked
    [InlineData(Roles.Street, true)]
    [InlineData(Roles.District, false)]     // masked data only: optional
    public void Administrators_and_the_roles_that_reveal_need_a_second_factor(string role, bool needs) =>
        Assert.Equal(needs, TwoFactor.RoleNeedsTwoFactor(role));

    [Theory]
    [InlineData(null, false, true)]   // production: on unless set
    [InlineData(null, true, false)]   // demo mode switches it off
    [InlineData(true, true, true)]    // a test or a demo that sets it gets it
    [InlineData(false, false, false)]
    public void The_requirement_is_on_by_default_and_off_in_demo_mode_unless_set(bool? setting, bool demo, bool required)
    {
        var twoFactor = new TwoFactor(null!, null!, TimeProvider.System, null!,
            Options.Create(new SecurityOptions { RequireTwoFactor = setting }), Options.Create(new EqualCareOptions { Demo = demo }));
        Assert.Equal(required, twoFactor.Required);
        Assert.Equal(required, twoFactor.IsRequiredFor(Roles.SystemAdmin));
        Assert.False(twoFactor.IsRequiredFor(Roles.District));
    }

    [Fact]
    public void A_recovery_code_is_read_without_regard_to_case_spaces_or_dashes_and_nothing_else_is_one()
    {
        var hash = TwoFactor.HashRecoveryCode("ABCD-EFGH-JKMN-PQRS");
        Assert.NotNull(hash);
        Assert.Equal(hash, TwoFactor.HashRecoveryCode("abcd efgh jkmn pqrs"));
        Assert.Equal(hash, TwoFactor.HashRecoveryCode("ABCDEFGHJKMNPQRS"));
        Assert.Equal(64, hash.Length); // SHA-256, hex: the code itself is not kept
        Assert.Null(TwoFactor.HashRecoveryCode("123456"));
        Assert.Null(TwoFactor.HashRecoveryCode("ABCD-EFGH-JKMN-PQR0")); // 0 is not in the alphabet (looks like O)
    }
}
