using System.IO.Compression;
using BenchmarkDotNet.Attributes;

namespace Bulwark.Benchmarks;

/// <summary>
/// Encoders the runtime has for an assessment's stored features (2.3 KB of JSON), against the one
/// StoredFeatures uses (Brotli, quality 0, window 16): time and, in the Bytes column, what each keeps.
/// </summary>
[MemoryDiagnoser]
public class FeatureEncodingBenchmarks
{
    private readonly byte[] _json = Samples.FeaturesJson(Samples.SignalsJson());
    private readonly byte[] _destination = new byte[8192];
    private readonly MemoryStream _stream = new(8192);

    [Params("brotli q0 w16", "brotli q0 w12", "brotli q0 w11", "brotli q0 w10", "brotli q1 w16", "deflate fastest", "zlib 1")]
    public string Encoder { get; set; } = "";

    [Benchmark]
    public int Encode() => Encoder switch
    {
        "brotli q0 w16" => Brotli(0, 16),
        "brotli q0 w12" => Brotli(0, 12),
        "brotli q0 w11" => Brotli(0, 11),
        "brotli q0 w10" => Brotli(0, 10),
        "brotli q1 w16" => Brotli(1, 16),
        "deflate fastest" => Deflate(),
        "zlib 1" => ZLib(),
        _ => throw new InvalidOperationException(Encoder),
    };

    /// <summary>Prints what each encoder keeps of the features, once, beside the timings.</summary>
    [GlobalSetup]
    public void Setup() => Console.WriteLine($"// {Encoder}: {_json.Length} B -> {Encode()} B");

    private int Brotli(int quality, int window) =>
        BrotliEncoder.TryCompress(_json, _destination, out var written, quality, window) ? written : -1;

    private int Deflate()
    {
        _stream.SetLength(0);
        using (var deflate = new DeflateStream(_stream, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(_json);
        }

        return (int)_stream.Length;
    }

    private int ZLib()
    {
        _stream.SetLength(0);
        using (var zlib = new ZLibStream(_stream, new ZLibCompressionOptions { CompressionLevel = 1 }, leaveOpen: true))
        {
            zlib.Write(_json);
        }

        return (int)_stream.Length;
    }
}
