using System.Text.Encodings.Web;
using System.Text.Unicode;
using EqualCare.Web.Data;
using EqualCare.Web.Features.Activities;
using EqualCare.Web.Features.Attachments;
using EqualCare.Web.Features.Admin;
using EqualCare.Web.Features.Backup;
using EqualCare.Web.Features.Certificates;
using EqualCare.Web.Features.Checkups;
using EqualCare.Web.Features.Comparison;
using EqualCare.Web.Features.DataQuality;
using EqualCare.Web.Features.Demo;
using EqualCare.Web.Features.Duplicates;
using EqualCare.Web.Features.Campaigns;
using EqualCare.Web.Features.Exchange;
using EqualCare.Web.Features.Exchange.Federation;
using EqualCare.Web.Features.Export;
using EqualCare.Web.Features.Health;
using EqualCare.Web.Features.Home;
using EqualCare.Web.Features.Hotline;
using EqualCare.Web.Features.IdNumbers;
using EqualCare.Web.Features.Identity;
using EqualCare.Web.Features.Indicators;
using EqualCare.Web.Features.Movements;
using EqualCare.Web.Features.Outflow;
using EqualCare.Web.Features.Import;
using EqualCare.Web.Features.OrgUnits;
using EqualCare.Web.Features.Persons;
using EqualCare.Web.Features.Plans;
using EqualCare.Web.Features.Setup;
using EqualCare.Web.Features.Sms;
using EqualCare.Web.Features.Notices;
using EqualCare.Web.Features.Rewards;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Features.ServicesBoard;
using EqualCare.Web.Features.StatForms;
using EqualCare.Web.Features.Summaries;
using EqualCare.Web.Features.Surveys;
using EqualCare.Web.Features.Worklist;
using EqualCare.Web.Web;
using Microsoft.Extensions.WebEncoders;

// The same executable serves the app or runs one administration command (`users list`, `db migrate`, …).
var command = AdminCommands.Find(args);
// `db backup|restore|verify`: backup and restore of the configured database (docs/operations.md).
var backupCommand = BackupCommand.Find(args);
var builder = WebApplication.CreateBuilder(command is null && backupCommand is null ? args : []);
var services = builder.Services;
// No Server header: it tells an attacker the stack (issue 14, point 13).
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);

services.Configure<EqualCareOptions>(builder.Configuration.GetSection(EqualCareOptions.Section));
services.AddSingleton(TimeProvider.System);
services.AddData(builder.Configuration);
services.AddHttpContextAccessor();
services.AddEqualCareLocalization();
services.AddEqualCareAuthentication();
services.AddProblemDetails(o => o.CustomizeProblemDetails = ResultMapping.Complete);
// Enums travel by name in the JSON API (kind "WomensCheckup", reason "Pregnant"): stable codes that read without a table.
// A number is accepted only when it is a defined value ("maritalStatus": 99 is refused: issue 14, point 10).
services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new DefinedEnumConverter()));
// A body that does not read (malformed JSON, an unknown enum name) is a 400 ProblemDetails naming the field in every
// environment, never a developer page with a stack trace: the bad request reaches the API's exception handler, which
// answers with its own status (ErrorHandling, ResultMapping.Complete).
services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
services.Configure<ExceptionHandlerOptions>(o => o.StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
services.AddOpenApi(o => o.AddSchemaTransformer((schema, context, _) =>
{
    // DefinedEnumConverter is the API's own converter, so the document lists the enum names itself: the names the
    // API writes and reads (a defined number is also read, but the names are the documented form).
    var type = context.JsonTypeInfo.Type;
    if ((Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true } enumType && schema.Enum is not { Count: > 0 })
    {
        var names = Enum.GetNames(enumType).Select(n => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(n)).ToList();
        if (Nullable.GetUnderlyingType(type) is not null) names.Add(Microsoft.OpenApi.JsonNullSentinel.JsonNull);
        schema.Enum = names;
    }
    return Task.CompletedTask;
}));
services.AddRazorPages(o => o.RootDirectory = "/Features");
// Chinese text is written as text, not as &#x…; entities: readable page source, smaller pages.
services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
services.AddAntiforgery(o =>
{
    o.Cookie.Name = "equalcare.af";
    o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest; // Secure over HTTPS, also behind the proxy
});
services.AddEqualCareProxy(builder.Configuration);
services.AddEqualCareDataProtection(builder.Configuration);

// Responses compressed, Brotli then gzip, at the fastest level (issue 15 point 1: a community's list was 4.7 MB of JSON,
// and the CPU is shared by every request). JSON, scripts and styles only: an HTML page carries the antiforgery token beside
// text the request chose (a name filter), which compression over TLS would let an attacker read a byte at a time (BREACH).
services.AddResponseCompression(o =>
{
    o.EnableForHttps = true;
    o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
    o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
    o.MimeTypes = ["application/json", "application/problem+json", "text/css", "text/javascript", "application/javascript", "image/svg+xml"];
});
services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);

services.AddSingleton<AppInitializer>();
services.AddSingleton<OrgUnitLoader>();
services.AddScoped<AuditLog>();
services.AddScoped<LoginHandler>();
services.AddScoped<UserAccounts>();
services.AddUserSessions(builder.Configuration);
services.AddTwoFactor(builder.Configuration);
services.AddScoped<ApiTokenService>();
services.AddScoped<DemoPersonsWriter>();
services.AddPersons();
services.AddMovements(builder.Configuration);
services.AddOutflow();
services.AddCertificates();
services.AddDuplicates();
services.AddDataQuality();
services.AddExport();
services.AddIdNumbers();
services.AddRegistry();
services.AddOrgUnits();
services.AddAdminPages();
services.AddImport();
// Comparison with other agencies' lists (issue 17): reads uploads as the import does, and what is due from Services.
services.AddComparison();
services.AddServices();
services.AddWorklist();
services.AddCheckups();
services.AddSms().AddNotices();
services.AddHome();
services.AddIndicators();
services.AddIndicatorKeeping(); // after AddWorklist: its interceptor's transaction commits with the figures moved
// The figures of the periods users open computed ahead of them, at start and daily (issue 15, "indicators cold").
services.AddFiguresKeeping();
services.AddSurveys();
services.AddPlans();
services.AddActivities().AddStatForms();
// Files attached to summaries and activities (issue 18 point 2), and the summaries with due dates.
services.AddAttachments(builder.Configuration);
services.AddSummaries();
services.AddExchange();
// Delivery between installations (issue 16 point 4): the partner directory, the outbox's delivery and the signed inbox.
services.AddFederation();
services.AddCampaigns().AddRewards();
// Hotline and consultation log, and the services board with its public page (issue 18 points 3 and 4).
services.AddHotline();
services.AddServicesBoard(builder.Configuration);
services.AddBackup(builder.Configuration);

var app = builder.Build();
if (command is not null) return await command.RunAsync(app.Services, CancellationToken.None);
if (backupCommand is not null) return await backupCommand.RunAsync(app.Services, CancellationToken.None);

await app.Services.GetRequiredService<AppInitializer>().InitializeAsync();

app.UseEqualCareProxy();
app.UseSecurityHeaders();
app.UseResponseCompression();
app.UseEqualCareErrors();
app.UseStaticFiles();
app.UseLoginAtRoot();
app.UseRouting(); // after the error handlers, so that a re-executed /Error/{status} is routed afresh
app.UseRateLimiter(); // the public services page's limit per client address (ServicesBoardSetup)
app.UseEqualCareLocalization();
app.UseAuthentication();
app.UseMustChangePassword();
app.UseTwoFactorEnrolment();
app.UseAuthorization();
app.UseUploadLimits(); // before antiforgery, which reads the form
app.UseMalformedFormsAsBadRequests();
app.UseAntiforgery();
app.UseCookieAntiforgery();

app.MapOpenApi().AllowAnonymous();
app.MapHealth();
app.MapPersonsApi();
app.MapMovementsApi();
app.MapServicesApi();
app.MapWorklistApi();
app.MapCheckupsApi();
app.MapCertificatesApi();
app.MapDuplicatesApi();
app.MapDataQualityApi();
app.MapExport();
app.MapIdNumbersApi();
app.MapCasesApi();
app.MapOrgUnitsApi();
app.MapImportApi();
app.MapSmsApi();
app.MapIndicators();
app.MapSurveysApi();
app.MapPlansApi();
app.MapComparisonApi();
app.MapActivitiesApi().MapStatFormsApi();
app.MapFederationApi();
app.MapRazorPages().RequireAuthorization();

await app.RunAsync();
return 0;
