namespace Fairdrop.Core.Staff;

/// <summary>A person who signs in to a merchant's console. The password hash and lockout state never leave the store.</summary>
public sealed record StaffUser(
    Guid Id,
    Guid MerchantId,
    string Email,
    string DisplayName,
    string Role,
    Guid? EmployeeId,
    bool HasPassword,
    DateTimeOffset CreatedAt);

/// <summary>An employee record a staff user may be linked to.</summary>
public sealed record Employee(Guid Id, Guid MerchantId, string EmployeeNumber, string? Department, DateTimeOffset CreatedAt);

/// <summary>A role as the console shows it: built in or the merchant's own, with its permissions.</summary>
public sealed record StaffRole(string Name, IReadOnlySet<string> Permissions, bool BuiltIn);

/// <summary>A signed-in staff user: who, for which merchant, with what, and the stamp their session was issued with.</summary>
public sealed record StaffIdentity(Guid UserId, Guid MerchantId, string Email, string DisplayName, string Role, IReadOnlySet<string> Permissions, string SecurityStamp);

/// <summary>An invitation just made: the user and the one-time token of the link (only its hash is stored).</summary>
public sealed record StaffInvitation(StaffUser User, string Token, DateTimeOffset ExpiresAt);
