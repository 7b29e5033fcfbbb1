using Fairdrop.Core.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Auth;

/// <summary>Part of the merchant policy: an API key may call every merchant endpoint, a staff session only those its role allows.</summary>
internal sealed class StaffPermissionRequirement : IAuthorizationRequirement;

/// <summary>Reads the permission an API call needs from its path and method (<see cref="StaffPermissions.ForApi"/>).</summary>
internal sealed class StaffPermissionHandler : AuthorizationHandler<StaffPermissionRequirement, HttpContext>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StaffPermissionRequirement requirement, HttpContext resource)
    {
        if (!context.User.HasClaim(c => c.Type == StaffClaims.UserId))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var method = resource.Request.Method;
        var changesState = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
        if (StaffPermissions.ForApi(resource.Request.Path, changesState) is { } needed && context.User.HasClaim(StaffClaims.Permission, needed))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
