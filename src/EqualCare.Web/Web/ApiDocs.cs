namespace EqualCare.Web.Web;

/// <summary>What a route declares about its answers, so that the OpenAPI document shows every success and error response.</summary>
public static class ApiDocs
{
    public const string ProblemContentType = "application/problem+json";

    /// <summary>
    /// The error statuses a route answers, each with the one error body (<see cref="ApiProblem"/>). 401 is added to every
    /// route: each /api route needs a signed-in user or a bearer token.
    /// </summary>
    public static TBuilder ProducesErrors<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses.Append(StatusCodes.Status401Unauthorized).Distinct())
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiProblem), [ProblemContentType]));
        return builder;
    }
}
