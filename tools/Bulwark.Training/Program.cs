using System.Globalization;
using System.Text;
using System.Text.Json;
using Bulwark.Training;

// Fits the behaviour model from training/features.csv (training/extract.mjs) and writes
// src/Bulwark.Core/Scoring/Models/behaviour-model.json. Usage (scripts/train.sh runs it):
//   dotnet run --project tools/Bulwark.Training -- --features training/features.csv --out <json> [--version v] [--lambda 1]
var options = ParseArgs(args);
var featuresPath = options.GetValueOrDefault("features", "training/features.csv");
var outPath = options.GetValueOrDefault("out", "src/Bulwark.Core/Scoring/Models/behaviour-model.json");
var now = DateTimeOffset.UtcNow;
var version = options.GetValueOrDefault("version", $"behaviour-{now:yyyy-MM-dd}.1");
var lambda = double.Parse(options.GetValueOrDefault("lambda", "1"), CultureInfo.InvariantCulture);

var table = FeatureTable.Load(featuresPath);
Console.WriteLine($"train: {table.Rows.Count} rows from {featuresPath}, L2 lambda {lambda}");

var results = new List<(FittedModel Model, int[] Columns, Report Report)>();
foreach (var spec in new[] { SubModelSpec.Mouse, SubModelSpec.Keys })
{
    var (model, columns) = Fit(table, spec, lambda);
    var report = Evaluate(table, model, columns);
    results.Add((model, columns, report));
    Print(spec.Name, report);
}

WriteModel(outPath, version, now, table, results);
Console.WriteLine($"train: wrote {outPath} ({version})");

static (FittedModel, int[]) Fit(FeatureTable table, SubModelSpec spec, double lambda)
{
    var columns = spec.Features.Select(f => table.IndexOf(f.Feature)).ToArray();
    var requires = table.IndexOf(spec.Requires);
    var train = table.Rows.Where(r => r.Split == "train" && !double.IsNaN(r.Values[requires])).ToArray();

    var means = new double[columns.Length];
    var scales = new double[columns.Length];
    var squareMeans = new double[columns.Length];
    for (var i = 0; i < columns.Length; i++)
    {
        var kind = spec.Features[i].Transform;
        var present = train.Select(r => r.Values[columns[i]]).Where(v => !double.IsNaN(v)).Select(v => SubModelSpec.Transform(kind, v)).ToArray();
        means[i] = present.Length > 0 ? present.Average() : 0;
        var sd = present.Length > 1 ? Math.Sqrt(present.Sum(v => (v - means[i]) * (v - means[i])) / present.Length) : 0;
        scales[i] = sd > 1e-9 ? sd : 1;
        squareMeans[i] = present.Length > 0
            ? present.Select(v => Math.Clamp((v - means[i]) / scales[i], -FittedModel.Clip, FittedModel.Clip)).Average(z => z * z)
            : 0;
    }

    var model = new FittedModel { Spec = spec, Means = means, Scales = scales, SquareMeans = squareMeans };
    var x = train.Select(r =>
    {
        var row = new double[2 * columns.Length];
        model.Design(r.Values, columns, row);
        return row;
    }).ToArray();
    var y = train.Select(r => r.Human).ToArray();
    var humans = y.Count(h => h);
    var bots = y.Length - humans;
    // Each class weighs half of the sample, whatever the ratio of humans to bot traces.
    var weights = y.Select(h => y.Length / (2.0 * (h ? humans : bots))).ToArray();
    var beta = LogisticRegression.Fit(x, y, weights, lambda);

    model.Weights = Enumerable.Range(0, columns.Length).Select(i => beta[2 * i]).ToArray();
    model.SquareWeights = Enumerable.Range(0, columns.Length).Select(i => beta[2 * i + 1]).ToArray();
    model.Bias = beta[^1];
    Console.WriteLine($"{spec.Name}: fitted on {train.Length} training sessions ({humans} human, {bots} bot)");
    return (model, columns);
}

static Report Evaluate(FeatureTable table, FittedModel model, int[] columns)
{
    var requires = table.IndexOf(model.Spec.Requires);
    List<(double Score, bool Human)> Score(string split, Func<Sample, bool> which) =>
        table.Rows.Where(r => r.Split == split && !double.IsNaN(r.Values[requires]) && which(r))
            .Select(r => (model.LogOdds(r.Values, columns), r.Human)).ToList();

    var test = Score("test", _ => true);
    var train = Score("train", _ => true);
    var humans = test.Where(s => s.Human).ToList();
    var families = table.Rows.Where(r => r.Split == "test" && !r.Human && !double.IsNaN(r.Values[requires]))
        .Select(r => r.Family).Distinct().Order()
        .Select(f =>
        {
            var bots = Score("test", r => !r.Human && r.Family == f);
            return new FamilyReport(f, bots.Count, Metrics.Auc([.. humans, .. bots]), bots.Count(b => b.Score < 0) / (double)bots.Count);
        }).ToList();
    return new Report(
        Metrics.Auc(test), Metrics.Accuracy(test), Metrics.Auc(train),
        humans.Count, test.Count - humans.Count,
        humans.Count(h => h.Score > 0) / (double)humans.Count, families);
}

static void Print(string name, Report r)
{
    var c = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(c, $"{name}: held-out AUC {r.TestAuc:F4}, accuracy {r.TestAccuracy:F4} ({r.TestHumans} human, {r.TestBots} bot sessions; train AUC {r.TrainAuc:F4})"));
    Console.WriteLine(string.Create(c, $"  humans scored human (log-odds > 0): {r.HumanPass:P1}"));
    foreach (var f in r.Families)
    {
        Console.WriteLine(string.Create(c, $"  {f.Family,-26} n={f.Count,4}  AUC {f.Auc:F4}  caught (log-odds < 0) {f.Caught:P1}"));
    }
}

static void WriteModel(string path, string version, DateTimeOffset now, FeatureTable table,
    List<(FittedModel Model, int[] Columns, Report Report)> results)
{
    var humanMouse = table.Rows.Count(r => r.Human && r.Source.StartsWith("sapimouse:", StringComparison.Ordinal));
    var humanKeys = table.Rows.Count(r => r.Human && r.Source.StartsWith("aalto:", StringComparison.Ordinal));
    var bots = table.Rows.Count(r => !r.Human);
    using var stream = new MemoryStream();
    using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
    {
        w.WriteStartObject();
        w.WriteString("version", version);
        w.WriteString("trainedAt", now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        w.WriteString("data", $"{humanMouse} SapiMouse sessions (Antal et al. 2021), {humanKeys} Aalto 136M Keystrokes sessions (Dhakal et al., CHI 2018), {bots} generated bot traces; users with id % 4 == 0 held out for test; see docs/model.md");
        w.WriteNumber("clip", FittedModel.Clip);
        w.WriteStartObject("models");
        foreach (var (model, _, report) in results)
        {
            w.WriteStartObject(model.Spec.Name);
            w.WriteString("requires", model.Spec.Requires);
            w.WriteNumber("bias", Round(model.Bias));
            w.WriteNumber("testAuc", Math.Round(report.TestAuc, 4));
            w.WriteNumber("testAccuracy", Math.Round(report.TestAccuracy, 4));
            w.WriteStartArray("features");
            for (var i = 0; i < model.Spec.Features.Length; i++)
            {
                w.WriteStartObject();
                w.WriteString("name", model.Spec.Features[i].Feature);
                w.WriteString("transform", model.Spec.Features[i].Transform);
                w.WriteNumber("mean", Round(model.Means[i]));
                w.WriteNumber("scale", Round(model.Scales[i]));
                w.WriteNumber("weight", Round(model.Weights[i]));
                w.WriteNumber("squareMean", Round(model.SquareMeans[i]));
                w.WriteNumber("squareWeight", Round(model.SquareWeights[i]));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    File.WriteAllText(path, Encoding.UTF8.GetString(stream.ToArray()) + "\n");
}

static double Round(double v) => Math.Round(v, 6);

static Dictionary<string, string> ParseArgs(string[] args)
{
    var map = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"unexpected argument {args[i]}");
        }

        map[args[i][2..]] = args[i + 1];
    }

    return map;
}

internal sealed record Report(double TestAuc, double TestAccuracy, double TrainAuc, int TestHumans, int TestBots, double HumanPass, List<FamilyReport> Families);

internal sealed record FamilyReport(string Family, int Count, double Auc, double Caught);
