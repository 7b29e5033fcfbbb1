namespace Fairdrop.Core.Storage;

/// <summary>The configured connection string cannot be parsed; the message never repeats the string, which may hold a password.</summary>
public sealed class InvalidConnectionStringException(string message) : Exception(message);
