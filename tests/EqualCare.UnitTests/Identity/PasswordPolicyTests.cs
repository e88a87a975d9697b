using EqualCare.Web.Features.Identity;

namespace EqualCare.UnitTests.Identity;

/// <summary>等保 2.0 三级 身份鉴别 (issue 14 point 6): length, three classes, no user name, not a common password.</summary>
public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("EqualCare2026", "xianghe", null)]          // the demo accounts' password: upper, lower, digits, 13 characters
    [InlineData("Kangqiao2026a", "kangqiao1", null)]
    [InlineData("abc-DEF-ghi", "xianghe", null)]            // upper, lower, symbols
    [InlineData("123456789!a", "xianghe", null)]            // digits, symbols, lower
    [InlineData("Short2026", "xianghe", "password.tooShort")] // 9 characters
    [InlineData("", "xianghe", "password.tooShort")]
    [InlineData("Passw0rd", "xianghe", "password.tooShort")]  // the old rule's 8 characters are no longer enough
    [InlineData("abcdefghij12", "xianghe", "password.needsThreeClasses")]
    [InlineData("ABCDEFGHIJ12", "xianghe", "password.needsThreeClasses")]
    [InlineData("abcdefGHIJKL", "xianghe", "password.needsThreeClasses")]
    [InlineData("Xianghe2026!", "xianghe", "password.containsUserName")]
    [InlineData("myXIANGHEpass1", "xianghe", "password.containsUserName")]
    [InlineData("Li2026abcdef", "li", null)]                // a two-letter name is not looked for
    [InlineData("Password123", "xianghe", "password.common")]
    [InlineData("PASSWORD123!", "xianghe", null)]            // not on the list as such
    [InlineData("p@SSW0RD123", "xianghe", "password.common")] // case does not matter
    [InlineData("1qaz@WSX3edc", "xianghe", "password.common")]
    [InlineData("Woaini@1314", "xianghe", "password.common")]
    public void Check(string password, string userName, string? problem) =>
        Assert.Equal(problem, PasswordPolicy.Check(password, userName));

    [Fact]
    public void The_common_list_is_shipped_with_the_app_and_read()
    {
        Assert.True(PasswordPolicy.IsCommon("admin@123456"));
        Assert.False(PasswordPolicy.IsCommon("EqualCare2026"));
    }
}
