using EqualCare.Web.Domain;

namespace EqualCare.UnitTests.Domain;

public class MaskingTests
{
    [Theory]
    [InlineData("11010519491231002X", "110105********002X")]
    [InlineData("410103199001011234", "410103********1234")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("12345", "*****")]
    public void Id_numbers_keep_the_first_six_and_the_last_four(string? id, string masked) => Assert.Equal(masked, Masking.IdNumber(id));

    [Theory]
    [InlineData("13812341234", "138****1234")]
    [InlineData("0371-6789", "037**6789")]
    [InlineData("1234", "****")]
    public void Phones_keep_the_first_three_and_the_last_four(string phone, string masked) => Assert.Equal(masked, Masking.Phone(phone));
}
