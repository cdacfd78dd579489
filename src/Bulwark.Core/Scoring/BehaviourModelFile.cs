using System.Text.Json.Serialization;

namespace Bulwark.Core.Scoring;

/// <summary>The behaviour model's parameters as tools/Bulwark.Training writes them (Models/behaviour-model.json).</summary>
internal sealed class BehaviourModelFile
{
    [JsonPropertyName("version")]
    public string Version { get; set; } = "";

    [JsonPropertyName("trainedAt")]
    public string? TrainedAt { get; set; }

    [JsonPropertyName("data")]
    public string? Data { get; set; }

    /// <summary>Standardised values are clamped to ±Clip, so no single feature can dominate.</summary>
    [JsonPropertyName("clip")]
    public double Clip { get; set; } = 5;

    [JsonPropertyName("models")]
    public Dictionary<string, SubModel> Models { get; set; } = [];

    internal sealed class SubModel
    {
        /// <summary>The feature that must be present for this sub-model to apply.</summary>
        [JsonPropertyName("requires")]
        public string Requires { get; set; } = "";

        [JsonPropertyName("bias")]
        public double Bias { get; set; }

        [JsonPropertyName("testAuc")]
        public double? TestAuc { get; set; }

        [JsonPropertyName("testAccuracy")]
        public double? TestAccuracy { get; set; }

        [JsonPropertyName("features")]
        public List<Term> Features { get; set; } = [];
    }

    internal sealed class Term
    {
        [JsonPropertyName("name")]
        public string Name { get; set; } = "";

        /// <summary>"slog" (sign(x)·ln(1+|x|)) or "none".</summary>
        [JsonPropertyName("transform")]
        public string Transform { get; set; } = "none";

        [JsonPropertyName("mean")]
        public double Mean { get; set; }

        [JsonPropertyName("scale")]
        public double Scale { get; set; } = 1;

        [JsonPropertyName("weight")]
        public double Weight { get; set; }

        [JsonPropertyName("squareMean")]
        public double SquareMean { get; set; }

        [JsonPropertyName("squareWeight")]
        public double SquareWeight { get; set; }
    }
}
