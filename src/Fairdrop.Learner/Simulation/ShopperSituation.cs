namespace Fairdrop.Learner.Simulation;

/// <summary>What a policy is shown of one offer: the shopper's index and observable side, the offer, the day, the worker.</summary>
internal readonly record struct ShopperSituation(int Index, ShopperTruth Shopper, SimulatedOffer Offer, int Day, int Worker);
