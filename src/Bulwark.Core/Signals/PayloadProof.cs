namespace Bulwark.Core.Signals;

/// <summary>
/// The collector's proof: cyrb53 (a 53-bit non-cryptographic string hash, written as lowercase hex)
/// of <c>challenge + "|" + the exact JSON text of the signals</c>, computed over UTF-16 code units
/// exactly as enterprise.js does with <c>charCodeAt</c>. Anyone who reads the script can compute
/// it: it binds the payload to the challenge against edits and replays of captured payloads, not
/// against an attacker who reimplements the collector.
/// </summary>
public static class PayloadProof
{
    public static string Compute(string challenge, ReadOnlySpan<char> signalsJson)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var hasher = default(Cyrb53);
        hasher.Append(challenge);
        hasher.Append("|");
        hasher.Append(signalsJson);
        return hasher.Finish().ToString("x", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>cyrb53 with seed 0 of a whole string, as a number (&lt; 2^53).</summary>
    public static ulong Cyrb53Of(ReadOnlySpan<char> text)
    {
        var hasher = default(Cyrb53);
        hasher.Append(text);
        return hasher.Finish();
    }

    public static bool Verify(string challenge, ReadOnlySpan<char> signalsJson, string? proof) =>
        proof is not null && string.Equals(Compute(challenge, signalsJson), proof, StringComparison.Ordinal);

    /// <summary>The streaming form of cyrb53 (bryc, public domain), identical to the JS reference.</summary>
    private struct Cyrb53
    {
        private uint _h1;
        private uint _h2;
        private bool _started;

        public void Append(ReadOnlySpan<char> text)
        {
            if (!_started)
            {
                _h1 = 0xdeadbeef;
                _h2 = 0x41c6ce57;
                _started = true;
            }

            foreach (var ch in text)
            {
                _h1 = unchecked((_h1 ^ ch) * 2654435761u);
                _h2 = unchecked((_h2 ^ ch) * 1597334677u);
            }
        }

        public ulong Finish()
        {
            if (!_started)
            {
                Append([]);
            }

            var h1 = _h1;
            var h2 = _h2;
            unchecked
            {
                h1 = (h1 ^ (h1 >> 16)) * 2246822507u;
                h1 ^= (h2 ^ (h2 >> 13)) * 3266489909u;
                h2 = (h2 ^ (h2 >> 16)) * 2246822507u;
                h2 ^= (h1 ^ (h1 >> 13)) * 3266489909u;
            }

            return ((ulong)(h2 & 0x1FFFFF) << 32) | h1;
        }
    }
}
