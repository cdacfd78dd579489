using System.Text;

namespace Bulwark.Core.Scoring;

/// <summary>
/// The behaviour model this node scores with: the one activated in the store
/// (<see cref="IBehaviourModelStore"/>), or the embedded <see cref="BehaviourModel.Default"/> when
/// none is. Every node refreshes from the shared store on a timer, so a model imported and
/// activated once reaches them all; <see cref="Current"/> is one volatile read on the hot path.
/// </summary>
public sealed class BehaviourModelProvider(IBehaviourModelStore store)
{
    private volatile BehaviourModel _current = BehaviourModel.Default;

    public BehaviourModel Current => _current;

    /// <summary>Reads the active model and swaps it in if its version differs from the current one.</summary>
    /// <returns>true when the model changed.</returns>
    /// <exception cref="InvalidDataException">The stored parameters are not a usable model (the current one is kept).</exception>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var active = await store.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        var current = _current;
        var next = active is null ? BehaviourModel.Default
            : active.Version == current.Version ? current
            : Check(active.Parameters);
        if (ReferenceEquals(next, current))
        {
            return false;
        }

        _current = next;
        return true;
    }

    /// <summary>Checks a trained model's JSON the way every node will read it.</summary>
    /// <exception cref="InvalidDataException">It is too large, has a bad version, or is not a usable model.</exception>
    public static BehaviourModel Check(string parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Length > StoredBehaviourModel.MaxParametersLength)
        {
            throw new InvalidDataException($"The behaviour model is larger than {StoredBehaviourModel.MaxParametersLength / 1024} KB.");
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(parameters));
        var model = BehaviourModel.Load(stream);
        if (model.Version.Length > StoredBehaviourModel.MaxVersionLength || !model.Version.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
        {
            throw new InvalidDataException($"The behaviour model's version must be at most {StoredBehaviourModel.MaxVersionLength} letters, digits, '-', '.' or '_'.");
        }

        return model;
    }
}
