namespace Fairdrop.Profiles.Networks;

/// <summary>Done, try again later, or stop until the merchant acts.</summary>
internal enum NetworkOutcome
{
    Done,
    Retry,
    Stop,
}
