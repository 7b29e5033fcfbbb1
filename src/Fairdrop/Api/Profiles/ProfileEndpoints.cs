using System.Security.Claims;
using Fairdrop.Auth;
using Fairdrop.Hosting;
using Fairdrop.Profiles;
using Fairdrop.Profiles.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fairdrop.Api.Profiles;

/// <summary>
/// Profile images (docs/profiles.md): the merchant connects social profiles, sets an avatar template, previews it on a
/// product image, and starts rotations (by hand, on a drop, on a restock round) that the worker carries out.
/// </summary>
internal static class ProfileEndpoints
{
    public static RouteGroupBuilder MapProfileEndpoints(this RouteGroupBuilder api)
    {
        var profiles = api.MapGroup("/profiles").RequireAuthorization(Policies.Merchant).WithTags("Profiles");
        profiles.MapPost("/", CreateAsync).WithSummary("Connect a social profile (mastodon, bluesky, webhook); its credential is never shown again.");
        profiles.MapGet("/", ListAsync).WithSummary("List the merchant's social profiles (cursor paging by after).");
        profiles.MapGet("/{id:guid}", GetAsync).WithSummary("Read a social profile.");
        profiles.MapPut("/{id:guid}/credential", CredentialAsync).WithSummary("Replace the profile's credential (a revoked token); it is never shown again.");
        profiles.MapGet("/template", TemplateAsync).WithSummary("The merchant's avatar template (badge text, position, mask, colours).");
        profiles.MapPut("/template", SaveTemplateAsync).WithSummary("Replace the avatar template; badge colours must contrast at least 4.5:1.");
        profiles.MapPost("/preview", PreviewAsync).WithSummary("The avatar the template makes of a product image, as PNG.")
            .Produces(StatusCodes.Status200OK, contentType: "image/png");
        profiles.MapPost("/{id:guid}/rotations", StartAsync).WithSummary("Start a rotation: manual, on a drop's opening, or on a restock round for N hours.");
        profiles.MapGet("/{id:guid}/rotations", RotationsAsync).WithSummary("A profile's rotations, newest first (cursor paging by before).");
        profiles.MapGet("/rotations/{rotationId:guid}", RotationAsync).WithSummary("Read a rotation: its state and, when stopped, the reason.");
        profiles.MapPost("/rotations/{rotationId:guid}/end", EndAsync).WithSummary("End a rotation by hand: the previous avatar is restored.");
        profiles.MapPost("/rotations/{rotationId:guid}/retry", RetryAsync).WithSummary("Retry a failed restore once its cause (a credential) is fixed.");
        profiles.MapGet("/rotations/{rotationId:guid}/history", HistoryAsync).WithSummary("The images sent for a rotation, by hash and size.");
        profiles.MapGet("/rotations/{rotationId:guid}/history/{assignmentId:guid}/image", HistoryImageAsync).WithSummary("One image of a rotation's history.")
            .Produces(StatusCodes.Status200OK, contentType: "image/png");
        return api;
    }

    private static async Task<Results<Created<CreatedSocialProfile>, ProblemHttpResult>> CreateAsync(
        NewSocialProfile request, ClaimsPrincipal user, ProfileService profiles, CancellationToken cancellationToken) =>
        (await profiles.CreateAsync(user.GetMerchantId(), request, cancellationToken)).TryGetValue(out var created, out var error)
            ? TypedResults.Created($"/api/v1/profiles/{created.Profile.Id}", created)
            : Problems.From(error);

    private static async Task<Results<Ok<Page<SocialProfile>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, ProfileService profiles, CancellationToken cancellationToken, Guid? after = null, int limit = Page.DefaultLimit) =>
        Page.InvalidLimit(limit) is { } problem
            ? problem
            : TypedResults.Ok(Page.Of(await profiles.ListAsync(user.GetMerchantId(), after, limit, cancellationToken), limit, p => p.Id));

    private static async Task<Results<Ok<SocialProfile>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, ProfileService profiles, CancellationToken cancellationToken) =>
        (await profiles.GetAsync(user.GetMerchantId(), id, cancellationToken)).ToOk();

    private static async Task<Results<Ok<SocialProfile>, ProblemHttpResult>> CredentialAsync(
        Guid id, CredentialRequest request, ClaimsPrincipal user, ProfileService profiles, CancellationToken cancellationToken) =>
        (await profiles.SetCredentialAsync(user.GetMerchantId(), id, request.Credential, cancellationToken)).ToOk();

    private static async Task<Ok<ProfileTemplate>> TemplateAsync(ClaimsPrincipal user, ProfileService profiles, CancellationToken cancellationToken) =>
        TypedResults.Ok(await profiles.TemplateAsync(user.GetMerchantId(), cancellationToken));

    private static async Task<Results<Ok<ProfileTemplate>, ProblemHttpResult>> SaveTemplateAsync(
        ProfileTemplate request, ClaimsPrincipal user, ProfileService profiles, CancellationToken cancellationToken) =>
        (await profiles.SaveTemplateAsync(user.GetMerchantId(), request, cancellationToken)).ToOk();

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PreviewAsync(
        PreviewRequest request, ClaimsPrincipal user, ProfileService profiles, CancellationToken cancellationToken) =>
        (await profiles.PreviewAsync(user.GetMerchantId(), request.ImageUrl, request.BadgeText, request.Network, cancellationToken)).TryGetValue(out var png, out var error)
            ? TypedResults.File(png, "image/png")
            : Problems.From(error);

    private static async Task<Results<Created<Rotation>, ProblemHttpResult>> StartAsync(
        Guid id, NewRotation request, ClaimsPrincipal user, RotationService rotations, CancellationToken cancellationToken) =>
        (await rotations.StartAsync(user.GetMerchantId(), id, request, cancellationToken)).TryGetValue(out var rotation, out var error)
            ? TypedResults.Created($"/api/v1/profiles/rotations/{rotation.Id}", rotation)
            : Problems.From(error);

    private static async Task<Results<Ok<Page<Rotation>>, ValidationProblem, ProblemHttpResult>> RotationsAsync(
        Guid id, ClaimsPrincipal user, RotationService rotations, CancellationToken cancellationToken, Guid? before = null, int limit = Page.DefaultLimit)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        return (await rotations.ListAsync(user.GetMerchantId(), id, before, limit, cancellationToken)).TryGetValue(out var list, out var error)
            ? TypedResults.Ok(Page.Of(list, limit, r => r.Id))
            : Problems.From(error);
    }

    private static async Task<Results<Ok<Rotation>, ProblemHttpResult>> RotationAsync(Guid rotationId, ClaimsPrincipal user, RotationService rotations, CancellationToken cancellationToken) =>
        (await rotations.GetAsync(user.GetMerchantId(), rotationId, cancellationToken)).ToOk();

    private static async Task<Results<Ok<Rotation>, ProblemHttpResult>> EndAsync(Guid rotationId, ClaimsPrincipal user, RotationService rotations, CancellationToken cancellationToken) =>
        (await rotations.EndAsync(user.GetMerchantId(), rotationId, cancellationToken)).ToOk();

    private static async Task<Results<Ok<Rotation>, ProblemHttpResult>> RetryAsync(Guid rotationId, ClaimsPrincipal user, RotationService rotations, CancellationToken cancellationToken) =>
        (await rotations.RetryAsync(user.GetMerchantId(), rotationId, cancellationToken)).ToOk();

    private static async Task<Results<Ok<IReadOnlyList<Assignment>>, ProblemHttpResult>> HistoryAsync(Guid rotationId, ClaimsPrincipal user, RotationService rotations, CancellationToken cancellationToken) =>
        (await rotations.HistoryAsync(user.GetMerchantId(), rotationId, cancellationToken)).ToOk();

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> HistoryImageAsync(
        Guid rotationId, Guid assignmentId, ClaimsPrincipal user, RotationService rotations, CancellationToken cancellationToken) =>
        (await rotations.HistoryImageAsync(user.GetMerchantId(), rotationId, assignmentId, cancellationToken)).TryGetValue(out var image, out var error)
            ? TypedResults.File(image.Image, image.MediaType)
            : Problems.From(error);
}
