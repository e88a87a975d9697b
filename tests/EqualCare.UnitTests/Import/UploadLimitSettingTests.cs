using EqualCare.Web.Features.Import;
using Microsoft.Extensions.Configuration;

namespace EqualCare.UnitTests.Import;

/// <summary>Issue 14, point 11: the upload limit is a setting, 200 MB unless set (it was a 1 GiB constant).</summary>
public class UploadLimitSettingTests
{
    [Fact]
    public void The_upload_limit_is_200_MB_by_default_and_follows_the_setting()
    {
        Assert.Equal(200L << 20, ImportSettings.From(new ConfigurationBuilder().Build()).MaxUploadBytes);
        var set = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["EqualCare:Import:MaxUploadMegabytes"] = "50" }).Build();
        Assert.Equal(50L << 20, ImportSettings.From(set).MaxUploadBytes);
    }
}
