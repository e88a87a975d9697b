using EqualCare.Web.Domain;

namespace EqualCare.UnitTests.Domain;

/// <summary>GB 11643-1999 MOD 11-2, with the standard's published examples.</summary>
public class IdNumberChecksumTests
{
    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("440524188001010014")]
    [InlineData("130503196704010016")]
    [InlineData("11010519491231002x")]
    public void Published_examples_have_a_valid_check_character(string id) => Assert.True(IdNumberChecksum.HasValidCheckCharacter(id));

    [Theory]
    [InlineData("110105194912310021")]
    [InlineData("440524188001010015")]
    [InlineData("44052418800101001")]
    [InlineData("4405241880010100A4")]
    public void A_wrong_check_character_or_shape_fails(string id) => Assert.False(IdNumberChecksum.HasValidCheckCharacter(id));

    [Fact]
    public void The_check_character_of_the_first_example_is_X() => Assert.Equal('X', IdNumberChecksum.CheckCharacter("11010519491231002"));
}
