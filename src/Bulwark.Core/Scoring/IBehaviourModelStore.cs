namespace Bulwark.Core.Scoring;

/// <summary>
/// Behaviour models an operator has imported (the trainer's JSON, docs/model.md), shared by every
/// node through the store. The active model is the one activated last; with none active, nodes use
/// the model embedded in Bulwark.Core.
/// </summary>
public interface IBehaviourModelStore
{
    /// <returns>false when a model with that version is stored already (versions are never reused).</returns>
    Task<bool> TryAddAsync(StoredBehaviourModel model, CancellationToken cancellationToken);

    /// <summary>Makes a stored model the active one, from <paramref name="at"/> on.</summary>
    /// <returns>false when no stored model has that version.</returns>
    Task<bool> ActivateAsync(string version, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Leaves no stored model active, so every node goes back to the embedded one.</summary>
    Task DeactivateAllAsync(CancellationToken cancellationToken);

    /// <summary>The model activated last, or null when none is active.</summary>
    Task<StoredBehaviourModel?> GetActiveAsync(CancellationToken cancellationToken);

    /// <summary>Every stored model, newest first.</summary>
    Task<IReadOnlyList<StoredBehaviourModel>> ListAsync(CancellationToken cancellationToken);
}
