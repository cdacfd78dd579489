using System.Globalization;

namespace Bulwark.Training;

/// <summary>training/features.csv: label, split, source, family, then one column per feature (empty = missing).</summary>
internal sealed class FeatureTable
{
    public required string[] FeatureNames { get; init; }
    public required List<Sample> Rows { get; init; }

    public static FeatureTable Load(string path)
    {
        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty")).Split(',');
        if (header.Length < 5 || header[0] != "label" || header[1] != "split" || header[2] != "source" || header[3] != "family")
        {
            throw new InvalidDataException($"{path}: unexpected header");
        }

        var names = header[4..];
        var rows = new List<Sample>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != header.Length)
            {
                throw new InvalidDataException($"{path}: row {rows.Count + 2} has {cells.Length} cells, expected {header.Length}");
            }

            var values = new double[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                var cell = cells[i + 4];
                values[i] = cell.Length == 0 ? double.NaN : double.Parse(cell, CultureInfo.InvariantCulture);
            }

            rows.Add(new Sample(cells[0] == "1", cells[1], cells[2], cells[3], values));
        }

        return new FeatureTable { FeatureNames = names, Rows = rows };
    }

    public int IndexOf(string name)
    {
        var i = Array.IndexOf(FeatureNames, name);
        return i >= 0 ? i : throw new InvalidDataException($"features.csv has no column {name}");
    }
}
