using Fairdrop.Core.Staff;
using Microsoft.AspNetCore.Authorization;

namespace Fairdrop.MerchantConsole.Auth;

/// <summary>Page policies: any staff session, or one whose role holds a permission ("perm:gate.read").</summary>
public static class ConsolePolicies
{
    public const string Staff = "console";

    public static string For(string permission) => "perm:" + permission;

    public static AuthorizationBuilder AddConsolePolicies(this AuthorizationBuilder builder)
    {
        builder.AddPolicy(Staff, p => p.AddAuthenticationSchemes(ConsoleAuthentication.Scheme).RequireClaim(StaffClaims.UserId));
        foreach (var permission in StaffPermissions.All)
        {
            builder.AddPolicy(For(permission), p => p.AddAuthenticationSchemes(ConsoleAuthentication.Scheme).RequireClaim(StaffClaims.UserId).RequireClaim(StaffClaims.Permission, permission));
        }

        return builder;
    }
}
