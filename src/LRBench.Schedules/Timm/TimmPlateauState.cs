namespace LRBench.Schedules.Timm;

/// <summary>What <see cref="PlateauLRScheduler"/> saves: the epochs seen, and its ReduceLROnPlateau state as that saves it.</summary>
internal sealed record TimmPlateauState(long Epoch, string Inner);
