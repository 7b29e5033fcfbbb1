using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fairdrop.Core.Modules;

/// <summary>
/// Registers a module's public service whose constructor is internal. A module's services are public so the API,
/// the CLI and other modules can call them, but they are built from the module's internal stores, which cannot appear
/// in a public constructor; the container's own activation only sees public constructors.
/// </summary>
public static class ModuleServiceRegistration
{
    public static IServiceCollection TryAddModuleService<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicConstructors)] TService>(this IServiceCollection services)
        where TService : class
    {
        var constructor = typeof(TService).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic) switch
        {
            [var only] => only,
            _ => throw new InvalidOperationException($"{typeof(TService).Name} must have exactly one internal constructor."),
        };
        var parameters = constructor.GetParameters();
        services.TryAddSingleton(sp =>
        {
            var arguments = new object[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                arguments[i] = sp.GetRequiredService(parameters[i].ParameterType);
            }

            return (TService)constructor.Invoke(arguments);
        });
        return services;
    }
}
