namespace EqualCare.Web.Features.Demo;

// Placeholder replaced by the demo-data generator in the same change series.
public sealed class DemoPersonsWriter
{
    public Task<int> GenerateAsync(int count, int seed, CancellationToken ct) => throw new NotImplementedException();
}
