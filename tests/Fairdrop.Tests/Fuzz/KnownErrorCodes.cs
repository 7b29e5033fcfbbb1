using System.Reflection;

namespace Fairdrop.Tests.Fuzz;

/// <summary>
/// Every documented error code: the constants of the error-code classes of every Fairdrop assembly
/// (<c>ErrorCodes</c>, <c>RestockErrors</c>, <c>BatchErrorCodes</c>, <c>DropErrors</c>…). A code outside this set is
/// a code nobody documented.
/// </summary>
internal static class KnownErrorCodes
{
    public static HashSet<string> Load()
    {
        var assemblies = new[] { typeof(Program).Assembly }
            .Concat(typeof(Program).Assembly.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("Fairdrop", StringComparison.Ordinal)).Select(Assembly.Load));
        return assemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsAbstract && t.IsSealed && (t.Name.EndsWith("ErrorCodes", StringComparison.Ordinal) || t.Name.EndsWith("Errors", StringComparison.Ordinal)))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
    }
}
