using System.Text.Json;
using Bulwark.Core.Signals;

namespace Bulwark.Core.Scoring;

/// <summary>
/// The trained behaviour model (docs/model.md): two small logistic regressions over the
/// <see cref="BehaviourSummary"/> the browser sends, one for the mouse and one for the keys. The
/// parameters are versioned in Models/behaviour-model.json (scripts/train.sh writes them) and
/// embedded in this assembly. Evaluating allocates nothing.
/// </summary>
public sealed class BehaviourModel
{
    private const string ResourceName = "Bulwark.Core.Scoring.Models.behaviour-model.json";

    private static readonly Lazy<BehaviourModel> Embedded = new(LoadEmbedded);

    private readonly SubModel? _mouse;
    private readonly SubModel? _keys;

    private BehaviourModel(string version, SubModel? mouse, SubModel? keys)
    {
        Version = version;
        _mouse = mouse;
        _keys = keys;
    }

    /// <summary>The model embedded in Bulwark.Core, loaded once.</summary>
    public static BehaviourModel Default => Embedded.Value;

    /// <summary>The parameters' version, e.g. "behaviour-2026-11-21.1".</summary>
    public string Version { get; }

    /// <summary>Held-out ROC AUC of the mouse sub-model, as recorded by the trainer.</summary>
    public double? MouseTestAuc => _mouse?.TestAuc;

    /// <summary>Held-out ROC AUC of the keys sub-model, as recorded by the trainer.</summary>
    public double? KeysTestAuc => _keys?.TestAuc;

    /// <summary>Reads a model from its JSON (the trainer's output). Throws <see cref="InvalidDataException"/> when it is not usable.</summary>
    public static BehaviourModel Load(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        BehaviourModelFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, BehaviourModelJsonContext.Default.BehaviourModelFile);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("The behaviour model is not valid JSON.", e);
        }

        if (file is null || string.IsNullOrWhiteSpace(file.Version))
        {
            throw new InvalidDataException("The behaviour model has no version.");
        }

        if (!(file.Clip > 0) || double.IsInfinity(file.Clip))
        {
            throw new InvalidDataException("The behaviour model's clip must be a positive number.");
        }

        foreach (var name in file.Models.Keys)
        {
            if (name is not ("mouse" or "keys"))
            {
                throw new InvalidDataException($"The behaviour model has an unknown sub-model '{name}' (known: mouse, keys).");
            }
        }

        if (file.Models.Count == 0)
        {
            throw new InvalidDataException("The behaviour model has no sub-models.");
        }

        return new BehaviourModel(
            file.Version,
            file.Models.TryGetValue("mouse", out var mouse) ? SubModel.Compile("mouse", mouse, file.Clip) : null,
            file.Models.TryGetValue("keys", out var keys) ? SubModel.Compile("keys", keys, file.Clip) : null);
    }

    /// <summary>Scores a summary. Null, or too little input for a sub-model, gives null for it.</summary>
    public BehaviourScore Evaluate(BehaviourSummary? behaviour)
    {
        if (behaviour is null)
        {
            return new BehaviourScore(null, null, Version);
        }

        return new BehaviourScore(_mouse?.Evaluate(behaviour), _keys?.Evaluate(behaviour), Version);
    }

    private static BehaviourModel LoadEmbedded()
    {
        using var stream = typeof(BehaviourModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        return Load(stream);
    }

    /// <summary>One sub-model, compiled to flat arrays and accessor delegates (no dictionary lookups per call).</summary>
    private sealed class SubModel
    {
        private readonly Func<BehaviourSummary, double?> _requires;
        private readonly Func<BehaviourSummary, double?>[] _get;
        private readonly bool[] _slog;
        private readonly double[] _mean;
        private readonly double[] _scale;
        private readonly double[] _weight;
        private readonly double[] _squareMean;
        private readonly double[] _squareWeight;
        private readonly double _bias;
        private readonly double _clip;

        private SubModel(Func<BehaviourSummary, double?> requires, BehaviourModelFile.SubModel file, double clip)
        {
            _requires = requires;
            var n = file.Features.Count;
            _get = new Func<BehaviourSummary, double?>[n];
            _slog = new bool[n];
            _mean = new double[n];
            _scale = new double[n];
            _weight = new double[n];
            _squareMean = new double[n];
            _squareWeight = new double[n];
            _bias = file.Bias;
            _clip = clip;
            TestAuc = file.TestAuc;
        }

        public double? TestAuc { get; }

        public static SubModel Compile(string name, BehaviourModelFile.SubModel file, double clip)
        {
            var model = new SubModel(Accessor(name, file.Requires), file, clip);
            Check(name, "bias", file.Bias);
            for (var i = 0; i < file.Features.Count; i++)
            {
                var term = file.Features[i];
                model._get[i] = Accessor(name, term.Name);
                model._slog[i] = term.Transform switch
                {
                    "slog" => true,
                    "none" => false,
                    _ => throw new InvalidDataException($"Behaviour model {name}: unknown transform '{term.Transform}' for {term.Name}."),
                };
                model._mean[i] = Check(name, term.Name, term.Mean);
                model._scale[i] = Check(name, term.Name, term.Scale) > 0
                    ? term.Scale
                    : throw new InvalidDataException($"Behaviour model {name}: scale of {term.Name} must be positive.");
                model._weight[i] = Check(name, term.Name, term.Weight);
                model._squareMean[i] = Check(name, term.Name, term.SquareMean);
                model._squareWeight[i] = Check(name, term.Name, term.SquareWeight);
            }

            return model;
        }

        public double? Evaluate(BehaviourSummary b)
        {
            var required = _requires(b);
            if (required is not { } r || !double.IsFinite(r))
            {
                return null;
            }

            var sum = _bias;
            for (var i = 0; i < _get.Length; i++)
            {
                // A missing feature is imputed at the training mean: z = 0 and no square term.
                if (_get[i](b) is not { } x || double.IsNaN(x))
                {
                    continue;
                }

                if (_slog[i])
                {
                    x = Math.CopySign(Math.Log(1 + Math.Abs(x)), x);
                }

                // Clamped, so a forged summary moves the log-odds by a bounded amount.
                var z = Math.Clamp((x - _mean[i]) / _scale[i], -_clip, _clip);
                sum += _weight[i] * z + _squareWeight[i] * (z * z - _squareMean[i]);
            }

            return sum;
        }

        private static Func<BehaviourSummary, double?> Accessor(string model, string feature)
        {
            foreach (var p in BehaviourSummary.Properties)
            {
                if (p.Name == feature)
                {
                    return p.Get;
                }
            }

            throw new InvalidDataException($"Behaviour model {model}: unknown feature '{feature}'.");
        }

        private static double Check(string model, string what, double value) =>
            double.IsFinite(value) ? value : throw new InvalidDataException($"Behaviour model {model}: {what} is not a finite number.");
    }
}
