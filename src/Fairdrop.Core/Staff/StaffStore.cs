using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Core.Staff;

/// <summary>The staff tables. Every query that lists or changes users is scoped by merchant.</summary>
internal sealed class StaffStore(DbConnectionFactory connections)
{
    internal const string UserColumns =
        "id AS Id, merchant_id AS MerchantId, email AS Email, display_name AS DisplayName, role AS Role, employee_id AS EmployeeId, " +
        "password_hash AS PasswordHash, failed_attempts AS FailedAttempts, locked_until AS LockedUntil, security_stamp AS SecurityStamp, created_at AS CreatedAt";

    public async Task<StaffRow?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StaffRow>(new CommandDefinition(
            $"SELECT {UserColumns} FROM staff_users WHERE email = @email AND removed_at IS NULL", new { email }, cancellationToken: cancellationToken));
    }

    public async Task<StaffRow?> GetAsync(Guid merchantId, Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StaffRow>(new CommandDefinition(
            $"SELECT {UserColumns} FROM staff_users WHERE id = @userId AND merchant_id = @merchantId AND removed_at IS NULL",
            new { merchantId, userId },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<StaffRow>> ListAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StaffRow>(new CommandDefinition(
            $"SELECT {UserColumns} FROM staff_users WHERE merchant_id = @merchantId AND removed_at IS NULL ORDER BY created_at, id",
            new { merchantId },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<int> CountOwnersAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM staff_users WHERE merchant_id = @merchantId AND role = 'owner' AND removed_at IS NULL",
            new { merchantId },
            cancellationToken: cancellationToken));
    }

    /// <summary>Inserts a user with no password and its invitation, in one transaction; false when the email is taken.</summary>
    public async Task<bool> InsertInvitedAsync(StaffRow user, string tokenHash, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO staff_users (id, merchant_id, email, display_name, role, employee_id, failed_attempts, security_stamp, created_at) " +
            "VALUES (@Id, @MerchantId, @Email, @DisplayName, @Role, @EmployeeId, 0, @SecurityStamp, @CreatedAt) ON CONFLICT (email) DO NOTHING",
            user,
            write.Transaction,
            cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO staff_invitations (token_hash, staff_user_id, expires_at) VALUES (@tokenHash, @userId, @expiresAt)",
            new { tokenHash, userId = user.Id, expiresAt },
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Accepts an open invitation: sets the password and a new stamp; the user, or null when the token is unknown, used or expired.</summary>
    public async Task<StaffRow?> AcceptAsync(string tokenHash, string passwordHash, string stamp, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var userId = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "UPDATE staff_invitations SET accepted_at = @now WHERE token_hash = @tokenHash AND accepted_at IS NULL AND expires_at > @now RETURNING staff_user_id",
            new { tokenHash, now },
            write.Transaction,
            cancellationToken: cancellationToken));
        if (userId is null)
        {
            return null;
        }

        var user = await connection.QuerySingleOrDefaultAsync<StaffRow>(new CommandDefinition(
            "UPDATE staff_users SET password_hash = @passwordHash, security_stamp = @stamp, failed_attempts = 0, locked_until = NULL " +
            $"WHERE id = @userId AND removed_at IS NULL RETURNING {UserColumns}",
            new { passwordHash, stamp, userId },
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return user;
    }

    /// <summary>Records a sign-in attempt's outcome: attempts and lockout, and a rehashed password when the hasher asked for one.</summary>
    public async Task RecordAttemptAsync(Guid userId, long failedAttempts, DateTimeOffset? lockedUntil, string? rehashed, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE staff_users SET failed_attempts = @failedAttempts, locked_until = @lockedUntil, password_hash = COALESCE(@rehashed, password_hash) WHERE id = @userId",
            new { userId, failedAttempts, lockedUntil, rehashed },
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
    }

    /// <summary>Changes one user's columns (role, stamp, removal) within the merchant; false when no such user.</summary>
    public async Task<bool> UpdateAsync(Guid merchantId, Guid userId, string set, object values, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(values);
        parameters.Add("merchantId", merchantId);
        parameters.Add("userId", userId);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE staff_users SET {set} WHERE id = @userId AND merchant_id = @merchantId AND removed_at IS NULL", parameters, write.Transaction, cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return changed == 1;
    }

    public async Task<IReadOnlyList<(string Name, string Permissions)>> ListRolesAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, string)>(new CommandDefinition(
            "SELECT name, permissions FROM staff_roles WHERE merchant_id = @merchantId ORDER BY name", new { merchantId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task UpsertRoleAsync(Guid merchantId, string name, string permissions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO staff_roles (merchant_id, name, permissions, created_at) VALUES (@merchantId, @name, @permissions, @now) " +
            "ON CONFLICT (merchant_id, name) DO UPDATE SET permissions = excluded.permissions",
            new { merchantId, name, permissions, now },
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
    }

    public async Task<Employee> UpsertEmployeeAsync(Employee employee, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var stored = await connection.QuerySingleAsync<Employee>(new CommandDefinition(
            "INSERT INTO staff_employees (id, merchant_id, employee_number, department, created_at) VALUES (@Id, @MerchantId, @EmployeeNumber, @Department, @CreatedAt) " +
            "ON CONFLICT (merchant_id, employee_number) DO UPDATE SET department = excluded.department " +
            "RETURNING id AS Id, merchant_id AS MerchantId, employee_number AS EmployeeNumber, department AS Department, created_at AS CreatedAt",
            employee,
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return stored;
    }

    public async Task<IReadOnlyList<Employee>> ListEmployeesAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Employee>(new CommandDefinition(
            "SELECT id AS Id, merchant_id AS MerchantId, employee_number AS EmployeeNumber, department AS Department, created_at AS CreatedAt " +
            "FROM staff_employees WHERE merchant_id = @merchantId ORDER BY employee_number",
            new { merchantId },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }
}

/// <summary>A staff_users row as stored, hash and lockout included; internal to the module.</summary>
internal sealed record StaffRow(
    Guid Id,
    Guid MerchantId,
    string Email,
    string DisplayName,
    string Role,
    Guid? EmployeeId,
    string? PasswordHash,
    long FailedAttempts,
    DateTimeOffset? LockedUntil,
    string SecurityStamp,
    DateTimeOffset CreatedAt)
{
    public StaffUser ToUser() => new(Id, MerchantId, Email, DisplayName, Role, EmployeeId, PasswordHash is not null, CreatedAt);
}
