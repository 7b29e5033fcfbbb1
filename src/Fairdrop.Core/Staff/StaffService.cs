using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Microsoft.AspNetCore.Identity;

namespace Fairdrop.Core.Staff;

/// <summary>
/// Staff accounts: invitations, sign-in with lockout, roles and employees. A failed sign-in says the same whether or
/// not the email exists, and costs the same time (a hash is verified either way).
/// </summary>
public sealed class StaffService
{
    public const int MaxFailedAttempts = 5;
    public const int MinPasswordLength = 10;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    private static readonly Error SignInFailed = Error.Of(ErrorKind.Unauthorized, "sign_in_failed", "The email or the password is wrong, or the account is locked for a while.");
    private readonly PasswordHasher<StaffRow> _hasher = new();
    private readonly StaffStore _store;
    private readonly IdGenerator _ids;
    private readonly TimeProvider _time;
    private readonly string _decoyHash;

    internal StaffService(StaffStore store, IdGenerator ids, TimeProvider time)
    {
        _store = store;
        _ids = ids;
        _time = time;
        _decoyHash = _hasher.HashPassword(null!, "decoy: verified when the email is unknown, so both answers take as long");
    }

    /// <summary>Invites a person to the merchant's console with a role; the caller sends them the link made from the token.</summary>
    public async Task<Result<StaffInvitation>> InviteAsync(Guid merchantId, string? email, string? displayName, string? role, Guid? employeeId, CancellationToken cancellationToken)
    {
        if (NormalizeEmail(email) is not { } address)
        {
            return Error.Validation("email", "A valid email address is required.");
        }

        if (string.IsNullOrWhiteSpace(displayName) || displayName.Length > 100)
        {
            return Error.Validation("displayName", "A display name of 1 to 100 characters is required.");
        }

        if (await FindRoleAsync(merchantId, role, cancellationToken) is null)
        {
            return Error.Validation("role", $"Unknown role '{role}'.");
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = _time.GetUtcNow();
        var row = new StaffRow(_ids.NewId(), merchantId, address, displayName.Trim(), role!, employeeId, null, 0, null, NewStamp(), now);
        var expires = now + InvitationLifetime;
        if (!await _store.InsertInvitedAsync(row, HashToken(token), expires, cancellationToken))
        {
            return Error.Of(ErrorKind.Conflict, "staff_exists", "A staff user with this email already exists.", "email");
        }

        return new StaffInvitation(row.ToUser(), token, expires);
    }

    /// <summary>Accepts an invitation by setting a password; the signed-in identity.</summary>
    public async Task<Result<StaffIdentity>> AcceptInvitationAsync(string? token, string? password, CancellationToken cancellationToken)
    {
        if (ValidatePassword(password) is { } invalid)
        {
            return invalid;
        }

        // The hasher reads nothing of the user it is given.
        var user = await _store.AcceptAsync(HashToken(token ?? string.Empty), _hasher.HashPassword(null!, password!), NewStamp(), _time.GetUtcNow(), cancellationToken);
        if (user is null)
        {
            return Error.Of(ErrorKind.NotFound, "invitation_invalid", "This invitation is unknown, already used or expired. Ask for a new one.");
        }

        return await IdentityAsync(user, cancellationToken);
    }

    public async Task<Result<StaffIdentity>> SignInAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        var user = NormalizeEmail(email) is { } address ? await _store.FindByEmailAsync(address, cancellationToken) : null;
        var now = _time.GetUtcNow();
        if (user?.PasswordHash is null || user.LockedUntil > now)
        {
            _hasher.VerifyHashedPassword(null!, _decoyHash, password ?? string.Empty);
            return SignInFailed;
        }

        var verdict = _hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? string.Empty);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var attempts = user.FailedAttempts + 1;
            var locked = attempts >= MaxFailedAttempts;
            await _store.RecordAttemptAsync(user.Id, locked ? 0 : attempts, locked ? now + Lockout : null, null, cancellationToken);
            return SignInFailed;
        }

        var rehashed = verdict == PasswordVerificationResult.SuccessRehashNeeded ? _hasher.HashPassword(user, password!) : null;
        if (user.FailedAttempts > 0 || user.LockedUntil is not null || rehashed is not null)
        {
            await _store.RecordAttemptAsync(user.Id, 0, null, rehashed, cancellationToken);
        }

        return await IdentityAsync(user, cancellationToken);
    }

    /// <summary>The user's identity as it is now, or null when removed; sessions compare its stamp with theirs.</summary>
    public async Task<StaffIdentity?> CurrentAsync(Guid merchantId, Guid userId, CancellationToken cancellationToken) =>
        await _store.GetAsync(merchantId, userId, cancellationToken) is { } user ? await IdentityAsync(user, cancellationToken) : null;

    /// <summary>One of the merchant's staff users, or null (removed, or another merchant's).</summary>
    public async Task<StaffUser?> GetAsync(Guid merchantId, Guid userId, CancellationToken cancellationToken) =>
        (await _store.GetAsync(merchantId, userId, cancellationToken))?.ToUser();

    public async Task<IReadOnlyList<StaffUser>> ListAsync(Guid merchantId, CancellationToken cancellationToken) =>
        [.. (await _store.ListAsync(merchantId, cancellationToken)).Select(r => r.ToUser())];

    /// <summary>Ends every session of the user: their cookies carry a stamp that no longer matches.</summary>
    public async Task<Result<bool>> SignOutEverywhereAsync(Guid merchantId, Guid userId, CancellationToken cancellationToken) =>
        await _store.UpdateAsync(merchantId, userId, "security_stamp = @stamp", new { stamp = NewStamp() }, cancellationToken) ? true : Error.NotFound("The staff user");

    public async Task<Result<bool>> ChangeRoleAsync(Guid merchantId, Guid userId, string? role, CancellationToken cancellationToken)
    {
        if (await FindRoleAsync(merchantId, role, cancellationToken) is null)
        {
            return Error.Validation("role", $"Unknown role '{role}'.");
        }

        if (await LastOwnerAsync(merchantId, userId, cancellationToken) && role != "owner")
        {
            return Error.Of(ErrorKind.Conflict, "last_owner", "A merchant keeps at least one owner.");
        }

        // A new role takes effect at once: the stamp changes, so open sessions sign in again and read it.
        return await _store.UpdateAsync(merchantId, userId, "role = @role, security_stamp = @stamp", new { role, stamp = NewStamp() }, cancellationToken)
            ? true : Error.NotFound("The staff user");
    }

    public async Task<Result<bool>> RemoveAsync(Guid merchantId, Guid userId, CancellationToken cancellationToken)
    {
        if (await LastOwnerAsync(merchantId, userId, cancellationToken))
        {
            return Error.Of(ErrorKind.Conflict, "last_owner", "A merchant keeps at least one owner.");
        }

        return await _store.UpdateAsync(merchantId, userId, "removed_at = @now, security_stamp = @stamp", new { now = _time.GetUtcNow(), stamp = NewStamp() }, cancellationToken)
            ? true : Error.NotFound("The staff user");
    }

    public async Task<IReadOnlyList<StaffRole>> ListRolesAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        var builtIn = StaffPermissions.BuiltInRoles.Select(r => new StaffRole(r.Key, r.Value, BuiltIn: true));
        var custom = (await _store.ListRolesAsync(merchantId, cancellationToken)).Select(r => new StaffRole(r.Name, ParsePermissions(r.Permissions), BuiltIn: false));
        return [.. builtIn, .. custom];
    }

    /// <summary>Creates or changes a custom role; built-in names are reserved.</summary>
    public async Task<Result<StaffRole>> SaveRoleAsync(Guid merchantId, string? name, IReadOnlyList<string>? permissions, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 40 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            return Error.Validation("name", "A role name is 1 to 40 characters of a-z, 0-9 and '-'.");
        }

        if (StaffPermissions.BuiltInRoles.ContainsKey(name))
        {
            return Error.Validation("name", $"'{name}' is a built-in role.");
        }

        var unknown = (permissions ?? []).FirstOrDefault(p => !StaffPermissions.All.Contains(p));
        if (unknown is not null)
        {
            return Error.Validation("permissions", $"Unknown permission '{unknown}'. Known: {string.Join(", ", StaffPermissions.All)}.");
        }

        var set = ParsePermissions(string.Join(' ', permissions ?? []));
        await _store.UpsertRoleAsync(merchantId, name, string.Join(' ', set.Order(StringComparer.Ordinal)), _time.GetUtcNow(), cancellationToken);
        return new StaffRole(name, set, BuiltIn: false);
    }

    public async Task<Result<Employee>> SaveEmployeeAsync(Guid merchantId, string? employeeNumber, string? department, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(employeeNumber) || employeeNumber.Length > 64)
        {
            return Error.Validation("employeeNumber", "An employee number of 1 to 64 characters is required.");
        }

        return await _store.UpsertEmployeeAsync(new Employee(_ids.NewId(), merchantId, employeeNumber.Trim(), department?.Trim(), _time.GetUtcNow()), cancellationToken);
    }

    public Task<IReadOnlyList<Employee>> ListEmployeesAsync(Guid merchantId, CancellationToken cancellationToken) => _store.ListEmployeesAsync(merchantId, cancellationToken);

    public async Task<Result<bool>> LinkEmployeeAsync(Guid merchantId, Guid userId, Guid? employeeId, CancellationToken cancellationToken)
    {
        if (employeeId is { } id && (await _store.ListEmployeesAsync(merchantId, cancellationToken)).All(e => e.Id != id))
        {
            return Error.NotFound("The employee");
        }

        return await _store.UpdateAsync(merchantId, userId, "employee_id = @employeeId", new { employeeId }, cancellationToken) ? true : Error.NotFound("The staff user");
    }

    private async Task<bool> LastOwnerAsync(Guid merchantId, Guid userId, CancellationToken cancellationToken) =>
        await _store.GetAsync(merchantId, userId, cancellationToken) is { Role: "owner" } && await _store.CountOwnersAsync(merchantId, cancellationToken) <= 1;

    private async Task<StaffRole?> FindRoleAsync(Guid merchantId, string? role, CancellationToken cancellationToken) =>
        role is null ? null : (await ListRolesAsync(merchantId, cancellationToken)).FirstOrDefault(r => r.Name == role);

    private async Task<StaffIdentity> IdentityAsync(StaffRow user, CancellationToken cancellationToken)
    {
        var permissions = (await FindRoleAsync(user.MerchantId, user.Role, cancellationToken))?.Permissions ?? new HashSet<string>();
        return new StaffIdentity(user.Id, user.MerchantId, user.Email, user.DisplayName, user.Role, permissions, user.SecurityStamp);
    }

    private static Error? ValidatePassword(string? password) =>
        password is null || password.Length < MinPasswordLength || password.Length > 256
            ? Error.Validation("password", $"A password of {MinPasswordLength} to 256 characters is required.")
            : null;

    private static string? NormalizeEmail(string? email) =>
        email is { Length: <= 254 } && MailAddress.TryCreate(email.Trim(), out var parsed) && parsed.Address == email.Trim() ? parsed.Address.ToLowerInvariant() : null;

    private static IReadOnlySet<string> ParsePermissions(string text) => new HashSet<string>(text.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    private static string HashToken(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
