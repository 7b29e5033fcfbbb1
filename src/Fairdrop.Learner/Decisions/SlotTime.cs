namespace Fairdrop.Learner.Decisions;

/// <summary>An allowed send time and the hour-of-week bucket it falls in, in the recipient's zone.</summary>
internal readonly record struct SlotTime(DateTimeOffset SendAt, int Bucket);
