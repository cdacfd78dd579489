using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Bulwark.Core.Assessments;

namespace Bulwark.Core.Tests.Assessments;

public sealed class StoredFeaturesTests
{
    /// <summary>Shaped like what an assessment stores: evidence items, a velocity snapshot, the collector's signals.</summary>
    private static string TypicalJson()
    {
        var json = new StringBuilder("{\"p\":0.9213,\"engine\":\"risk-3+behaviour-2\",\"evidence\":[");
        for (var i = 0; i < 8; i++)
        {
            json.Append(i > 0 ? "," : "").Append($"{{\"signal\":\"rule-{i}\",\"weight\":-{i}.25,\"reason\":\"AUTOMATION\"}}");
        }

        json.Append("],\"velocity\":{\"addressMinute\":3,\"addressHour\":12,\"siteMinute\":800},\"signals\":{\"v\":2,\"env\":{");
        for (var i = 0; i < 40; i++)
        {
            json.Append(i > 0 ? "," : "").Append($"\"property{i}\":\"Mozilla/5.0 (X11; Linux x86_64) value {i}\"");
        }

        return json.Append("}}}").ToString();
    }

    [Fact]
    public void Encode_TypicalFeatures_IsBrotliAndDecodesToTheSameJson()
    {
        var json = TypicalJson();
        var stored = StoredFeatures.Encode(Encoding.UTF8.GetBytes(json));

        Assert.Equal(StoredFeatures.Brotli, stored[0]);
        Assert.True(stored.Length < json.Length / 2, $"{stored.Length} bytes for {json.Length}");
        Assert.Equal(json, StoredFeatures.Decode(stored));
    }

    [Fact]
    public void Encode_WhatBrotliCannotShrink_KeepsItAsItIs()
    {
        var bytes = RandomNumberGenerator.GetBytes(500);
        var stored = StoredFeatures.Encode(bytes);

        Assert.Equal(StoredFeatures.Json, stored[0]);
        Assert.Equal(bytes, stored[1..]);
    }

    [Fact]
    public void Decode_JsonEncoding_ReturnsTheText()
    {
        var stored = new byte[] { StoredFeatures.Json }.Concat("{\"p\":1}"u8.ToArray()).ToArray();

        Assert.Equal("{\"p\":1}", StoredFeatures.Decode(stored));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 7, 1, 2, 3 })]
    [InlineData(new byte[] { StoredFeatures.Brotli, 0xff, 0xfe, 0x00, 0x12 })]
    public void Decode_NotStoredFeatures_Throws(byte[] stored) =>
        Assert.Throws<InvalidDataException>(() => StoredFeatures.Decode(stored));

    [Fact]
    public void Decode_BrotliOfMoreThanTheBound_Throws()
    {
        var huge = new byte[StoredFeatures.MaxJsonLength + 1];
        var compressed = new byte[BrotliEncoder.GetMaxCompressedLength(huge.Length)];
        Assert.True(BrotliEncoder.TryCompress(huge, compressed, out var written));
        var stored = new byte[] { StoredFeatures.Brotli }.Concat(compressed[..written]).ToArray();

        Assert.Throws<InvalidDataException>(() => StoredFeatures.Decode(stored));
    }
}
