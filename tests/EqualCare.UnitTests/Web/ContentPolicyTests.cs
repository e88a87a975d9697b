using System.Text.Json;
using System.Text.RegularExpressions;
using EqualCare.Web.Web;

namespace EqualCare.UnitTests.Web;

/// <summary>Issue 14, points 13 and 14: scripts only from the site's own files (CSP script-src 'self', so no view may carry
/// an inline script or handler), and the run command starts the demo outside Development (no developer exception page).</summary>
public partial class ContentPolicyTests
{
    static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EqualCare.slnx"))) return dir.FullName;
        throw new InvalidOperationException("EqualCare.slnx not found above " + AppContext.BaseDirectory);
    }

    static string Web => Path.Combine(Repository(), "src", "EqualCare.Web");

    [GeneratedRegex(@"<script(?![^>]*\bsrc\s*=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex HandlerAttribute();

    [Fact]
    public void The_content_policy_allows_scripts_from_the_site_only()
    {
        Assert.Contains("script-src 'self'", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public void No_view_carries_an_inline_script_an_event_handler_attribute_or_a_javascript_link()
    {
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Web, "Features"), "*.cshtml", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (InlineScript().IsMatch(lines[i]) || HandlerAttribute().IsMatch(lines[i])
                    || lines[i].Contains("javascript:", StringComparison.OrdinalIgnoreCase))
                    found.Add($"{Path.GetRelativePath(Web, file)}:{i + 1}: {lines[i].Trim()}");
            }
        }
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public void The_run_command_starts_the_demo_on_127_0_0_1_outside_Development()
    {
        using var launch = JsonDocument.Parse(File.ReadAllText(Path.Combine(Web, "Properties", "launchSettings.json")));
        var profile = launch.RootElement.GetProperty("profiles").EnumerateObject().First().Value;
        Assert.Equal("http://127.0.0.1:5000", profile.GetProperty("applicationUrl").GetString());
        var variables = profile.GetProperty("environmentVariables");
        // Development shows the developer exception page with stack traces; the demo is a setting of its own.
        Assert.Equal("Production", variables.GetProperty("ASPNETCORE_ENVIRONMENT").GetString());
        Assert.Equal("true", variables.GetProperty("EqualCare__Demo").GetString());
        // Development no longer means demo: a developer's environment shows stack traces and must not also be the demo.
        var development = Path.Combine(Web, "appsettings.Development.json");
        Assert.False(File.Exists(development) && File.ReadAllText(development).Contains("Demo", StringComparison.Ordinal));
    }
}
