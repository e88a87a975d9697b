using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Exchange.Federation;

public static class FederationApi
{
    public static IServiceCollection AddFederation(this IServiceCollection services)
    {
        services.AddOptions<FederationOptions>().BindConfiguration(FederationOptions.Section);
        services.AddSingleton<OutboxSignal>().AddSingleton<FederationKeys>();
        services.AddScoped<PartnerDirectory>().AddScoped<InboundHandler>().AddScoped<FederationQueries>();
        services.AddHttpClient(OutboxDelivery.Client, c => c.DefaultRequestHeaders.ConnectionClose = false);
        services.AddHostedService<PartnerLoader>();
        services.AddSingleton<OutboxDelivery>().AddHostedService(sp => sp.GetRequiredService<OutboxDelivery>());
        return services;
    }

    /// <summary>
    /// The receiving endpoint. No user: the sending installation authenticates by its signature (InboundHandler). It is
    /// left out of the OpenAPI document, which describes the API for users; docs/exchange.md part 2 is its specification.
    /// </summary>
    public static IEndpointRouteBuilder MapFederationApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(ExchangeSignature.Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    static async Task<IResult> ReceiveAsync(HttpContext http, InboundHandler handler, IStringLocalizer localizer, CancellationToken ct)
    {
        var length = http.Request.ContentLength;
        if (length is > InboundHandler.MaxBody) return Domain.Error.Validation("exchange.inbound.tooLarge").ToProblem(localizer);
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length > InboundHandler.MaxBody) return Domain.Error.Validation("exchange.inbound.tooLarge").ToProblem(localizer);
        var h = http.Request.Headers;
        var result = await handler.ReceiveAsync(new InboundHeaders(h[ExchangeSignature.MessageIdHeader], h[ExchangeSignature.SenderHeader],
            h[ExchangeSignature.TimestampHeader], h[ExchangeSignature.SignatureHeader]), buffer.ToArray(), ct);
        return result.IsSuccess
            ? TypedResults.Ok(new { messageId = result.Value.MessageId, status = result.Value.Replayed ? "applied-before" : "applied", receivedAt = result.Value.ReceivedAt })
            : result.Error.ToProblem(localizer);
    }
}

/// <summary>Writes the partners of the configuration into the directory at start, before the server takes requests.</summary>
sealed class PartnerLoader(IServiceScopeFactory scopes, IOptions<FederationOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || options.Value.Partners.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PartnerDirectory>().LoadConfiguredAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
