using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace Bulwark.Core.Reputation;

/// <summary>
/// A set of IPv4 and IPv6 networks: sorted, merged ranges searched by bisection, so a lookup is
/// O(log n) and allocates nothing. Built from text lines: <c>203.0.113.0/24</c>, <c>2001:db8::/32</c>,
/// single addresses, <c>#</c> comments and blank lines. Host bits after the prefix are ignored;
/// IPv4-mapped IPv6 counts as IPv4.
/// </summary>
public sealed class NetworkList
{
    public static readonly NetworkList Empty = new([], []);

    private readonly uint[] _v4Starts;
    private readonly uint[] _v4Ends;
    private readonly UInt128[] _v6Starts;
    private readonly UInt128[] _v6Ends;

    private NetworkList(List<(uint Start, uint End)> v4, List<(UInt128 Start, UInt128 End)> v6)
    {
        var mergedV4 = Merge(v4, static e => e + 1);
        var mergedV6 = Merge(v6, static e => e + 1);
        _v4Starts = [.. mergedV4.Select(r => r.Start)];
        _v4Ends = [.. mergedV4.Select(r => r.End)];
        _v6Starts = [.. mergedV6.Select(r => r.Start)];
        _v6Ends = [.. mergedV6.Select(r => r.End)];
    }

    /// <summary>Disjoint ranges after merging overlapping and adjacent entries.</summary>
    public int RangeCount => _v4Starts.Length + _v6Starts.Length;

    /// <summary>Reads one entry a line; lines that are not an address or a CIDR are counted in <paramref name="malformed"/> and skipped.</summary>
    public static NetworkList Parse(IEnumerable<string> lines, out int entries, out int malformed)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var v4 = new List<(uint, uint)>();
        var v6 = new List<(UInt128, UInt128)>();
        entries = 0;
        malformed = 0;
        foreach (var raw in lines)
        {
            var line = raw.AsSpan();
            var hash = line.IndexOf('#');
            if (hash >= 0)
            {
                line = line[..hash];
            }

            line = line.Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (TryParseRange(line, v4, v6))
            {
                entries++;
            }
            else
            {
                malformed++;
            }
        }

        return new NetworkList(v4, v6);
    }

    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return false;
        }

        if (written == 4)
        {
            return Contains(BinaryPrimitives.ReadUInt32BigEndian(bytes));
        }

        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return IsMappedV4(value) ? Contains((uint)value) : Contains(value);
    }

    public bool Contains(uint ipv4) => Find(_v4Starts, _v4Ends, ipv4);

    public bool Contains(UInt128 ipv6) => Find(_v6Starts, _v6Ends, ipv6);

    private static bool Find<T>(T[] starts, T[] ends, T value)
        where T : IComparable<T>
    {
        // The last range starting at or before the value.
        int lo = 0, hi = starts.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (starts[mid].CompareTo(value) <= 0)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found >= 0 && ends[found].CompareTo(value) >= 0;
    }

    private static bool TryParseRange(ReadOnlySpan<char> text, List<(uint, uint)> v4, List<(UInt128, UInt128)> v6)
    {
        var slash = text.IndexOf('/');
        var addressText = slash >= 0 ? text[..slash] : text;
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        var bits = written * 8;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            var host = prefix == 0 ? uint.MaxValue : (1u << (32 - prefix)) - 1;
            v4.Add((value & ~host, value | host));
            return true;
        }

        var v6value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        var v6host = prefix == 0 ? UInt128.MaxValue : (UInt128.One << (128 - prefix)) - 1;
        var start = v6value & ~v6host;
        var end = v6value | v6host;
        if (IsMappedV4(start) && IsMappedV4(end))
        {
            v4.Add(((uint)start, (uint)end));
        }
        else
        {
            v6.Add((start, end));
        }

        return true;
    }

    private static bool IsMappedV4(UInt128 value) => value >> 32 == 0xffff;

    private static List<(T Start, T End)> Merge<T>(List<(T Start, T End)> ranges, Func<T, T> next)
        where T : IComparable<T>, IMinMaxValue<T>
    {
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(T Start, T End)>(ranges.Count);
        foreach (var range in ranges)
        {
            if (merged.Count > 0)
            {
                var last = merged[^1];
                // Overlapping or adjacent (last.End + 1 == range.Start, unless last.End is the maximum).
                if (last.End.CompareTo(T.MaxValue) == 0 || range.Start.CompareTo(next(last.End)) <= 0)
                {
                    if (range.End.CompareTo(last.End) > 0)
                    {
                        merged[^1] = (last.Start, range.End);
                    }

                    continue;
                }
            }

            merged.Add(range);
        }

        return merged;
    }
}
