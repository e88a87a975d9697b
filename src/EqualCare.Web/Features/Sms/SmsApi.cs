using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Sms;

public static class SmsApi
{
    public static IServiceCollection AddSms(this IServiceCollection services)
    {
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section)
            .Validate(o => o.TryRunAt(out _), "EqualCare:Sms:RunAt must be a time of day as HH:mm, e.g. 08:00").ValidateOnStart();
        // The sender is pluggable: an office with an SMS gateway registers its own ISmsSender instead of this one.
        services.AddScoped<ISmsSender, OutboxSmsSender>();
        services.AddScoped<Reminders>();
        services.AddScoped<SmsDispatcher>();
        services.AddScoped<SmsHandler>();
        services.AddHostedService<ReminderService>();
        return services;
    }

    public static IEndpointRouteBuilder MapSmsApi(this IEndpointRouteBuilder app)
    {
        var sms = app.MapGroup("/api/sms").WithTags("SMS").RequireAuthorization();
        sms.MapGet("/", ListAsync).WithName("GetSmsOutbox").Produces<Outbox>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithSummary("The SMS outbox of an org unit in scope (default: the user's): the newest 200 reminders, queued or sent; phones masked.");
        sms.MapPost("/run", RunAsync).WithName("RunSmsReminders").Produces<RunOutcome>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithSummary("Queues the reminders of items falling due within ReminderDaysBefore days (never twice) and sends what is queued.");
        return app;
    }

    static async Task<IResult> ListAsync(HttpContext http, SmsHandler handler, IStringLocalizer localizer, string? org, CancellationToken ct) =>
        (await handler.ListAsync(http.CurrentUser(), org, ct)).ToOk(localizer);

    static async Task<IResult> RunAsync(HttpContext http, SmsHandler handler, IStringLocalizer localizer, string? org, CancellationToken ct) =>
        (await handler.RunAsync(http.CurrentUser(), org, ct)).ToOk(localizer);
}
