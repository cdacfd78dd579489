using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

/// <summary>
/// Open-loop load in the manner of wrk2: request i is due at i / rate whatever happened to the
/// others, and its latency counts from then, so a stall delays (and is charged to) every request
/// behind it. Keep-alive HTTP/1.1 connections, one request in flight on each; a few threads, each
/// an event loop (epoll) over its share of the connections that sends what is due and reads what
/// has arrived. A thread per connection cost this tool about 25 µs of CPU per request on the
/// machine it shares with the server, and 256 threads waking in turn.
/// </summary>
internal sealed class OpenLoopGenerator
{
    private readonly Uri _target;
    private readonly byte[][] _requests;
    private readonly double _ticksPerRequest;
    private readonly int _total;
    private readonly int _skipped;
    private readonly double[] _latencies;
    private long _start;
    private long _measuredFrom = long.MaxValue;
    private int _errors;

    public OpenLoopGenerator(Uri target, byte[][] requests, double rate, int skipped, int total)
    {
        _target = target;
        _requests = requests;
        _ticksPerRequest = Stopwatch.Frequency / rate;
        _skipped = skipped;
        _total = total;
        _latencies = new double[total - skipped];
    }

    /// <summary>Latencies in milliseconds of the measured requests (those after the warm-up), unsorted.</summary>
    public double[] Latencies => _latencies;

    public int Errors => _errors;

    /// <summary>When the first measured request was sent (Stopwatch ticks).</summary>
    public long MeasuredFrom => _measuredFrom;

    /// <summary>Sends every request on time, over <paramref name="connections"/> split across <paramref name="loops"/> threads.</summary>
    public void Run(int connections, int loops)
    {
        var eventLoops = Enumerable.Range(0, loops)
            .Select(l => new EventLoop(this, l, loops, Enumerable.Range(0, connections / loops).Select(_ => Connect(_target)).ToArray()))
            .ToArray();
        _start = Stopwatch.GetTimestamp();
        var threads = eventLoops.Select(loop => new Thread(loop.Run) { IsBackground = true }).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }
    }

    private long Due(int i) => _start + (long)(i * _ticksPerRequest);

    private void Answered(int i, int status, long now)
    {
        if (i < _skipped)
        {
            return;
        }

        _latencies[i - _skipped] = (now - Due(i)) * 1000.0 / Stopwatch.Frequency;
        if (status is < 200 or > 299)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    private static Socket Connect(Uri target)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(target.Host, target.Port);
        socket.Blocking = false;
        return socket;
    }

    /// <summary>One thread: requests loop, loop + loops, … on its own connections.</summary>
    private sealed class EventLoop(OpenLoopGenerator generator, int first, int step, Socket[] sockets)
    {
        private const int MaxEvents = 64;
        private const int EpollIn = 0x001;

        // struct epoll_event is packed on x86-64 (12 bytes), naturally aligned elsewhere (16).
        private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
        private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

        // A request goes out when it is due within this much: the timer's own resolution.
        private static readonly long Early = Stopwatch.Frequency / 50_000;

        private readonly byte[][] _buffers = sockets.Select(_ => new byte[64 * 1024]).ToArray();
        private readonly int[] _filled = new int[sockets.Length];
        private readonly int[] _inFlight = sockets.Select(_ => -1).ToArray();
        // The connection used last goes out first, as in HttpClient's pool: at a moderate rate a few
        // connections carry most requests, until a proxy closes them (nginx: after 1,000 requests).
        private readonly Stack<int> _idle = new(Enumerable.Range(0, sockets.Length).Reverse());
        private int _epoll = -1;

        public void Run()
        {
            _epoll = Native.epoll_create1(0);
            if (_epoll < 0)
            {
                throw new InvalidOperationException($"epoll_create1 failed: {Marshal.GetLastPInvokeError()}");
            }

            for (var c = 0; c < sockets.Length; c++)
            {
                Watch(c);
            }

            var events = new byte[MaxEvents * EventSize];
            var next = first;
            var busy = 0;
            while (next < generator._total || busy > 0)
            {
                var now = Stopwatch.GetTimestamp();
                while (next < generator._total && _idle.Count > 0 && generator.Due(next) - now <= Early)
                {
                    if (Send(_idle.Pop(), next))
                    {
                        busy++;
                    }

                    next += step;
                }

                var wait = next < generator._total && _idle.Count > 0
                    ? Math.Max(0, generator.Due(next) - Stopwatch.GetTimestamp())
                    : Stopwatch.Frequency / 10;
                var n = Wait(events, wait);
                now = Stopwatch.GetTimestamp();
                for (var e = 0; e < n; e++)
                {
                    var c = (int)BinaryPrimitives.ReadUInt64LittleEndian(events.AsSpan((e * EventSize) + DataOffset));
                    if (Receive(c, now))
                    {
                        busy--;
                    }
                }
            }

            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            _ = Native.close(_epoll);
        }

        /// <summary>False when the connection failed (the request is counted as an error).</summary>
        private bool Send(int c, int i)
        {
            if (i == generator._skipped)
            {
                Interlocked.Exchange(ref generator._measuredFrom, Stopwatch.GetTimestamp());
            }

            _inFlight[c] = i;
            _filled[c] = 0;
            var request = generator._requests[i % generator._requests.Length].AsSpan();
            while (!request.IsEmpty)
            {
                var sent = sockets[c].Send(request, SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    sockets[c].Poll(-1, SelectMode.SelectWrite);
                    continue;
                }

                if (error != SocketError.Success)
                {
                    Fail(c);
                    return false;
                }

                request = request[sent..];
            }

            return true;
        }

        /// <summary>Reads what has arrived on connection c; true once its request is answered (or failed).</summary>
        private bool Receive(int c, long now)
        {
            if (_inFlight[c] < 0)
            {
                // Readable while idle: the server closed it (an idle timeout). Level-triggered epoll
                // would report it on every wait, so it is replaced now rather than when next used.
                Replace(c);
                return false;
            }

            var buffer = _buffers[c];
            while (true)
            {
                var read = sockets[c].Receive(buffer.AsSpan(_filled[c]), SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    return false;
                }

                if (error != SocketError.Success || read == 0 || _filled[c] + read == buffer.Length)
                {
                    Fail(c);
                    return true;
                }

                _filled[c] += read;
                if (HttpResponse.TryParse(buffer.AsSpan(0, _filled[c]), out var status, out var close))
                {
                    generator.Answered(_inFlight[c], status, now);
                    _inFlight[c] = -1;
                    if (close)
                    {
                        Replace(c);
                    }

                    _idle.Push(c);
                    return true;
                }
            }
        }

        /// <summary>The request on connection c counts as an error; the connection is replaced.</summary>
        private void Fail(int c)
        {
            generator.Answered(_inFlight[c], 0, Stopwatch.GetTimestamp());
            _inFlight[c] = -1;
            Replace(c);
            _idle.Push(c);
        }

        private void Replace(int c)
        {
            sockets[c].Dispose();
            sockets[c] = Connect(generator._target);
            Watch(c);
        }

        private unsafe void Watch(int c)
        {
            var ev = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(ev, 4), EpollIn);
            BinaryPrimitives.WriteUInt64LittleEndian(new Span<byte>(ev + DataOffset, 8), (ulong)c);
            if (Native.epoll_ctl(_epoll, 1 /* EPOLL_CTL_ADD */, (int)sockets[c].SafeHandle.DangerousGetHandle(), ev) != 0)
            {
                throw new InvalidOperationException($"epoll_ctl failed: {Marshal.GetLastPInvokeError()}");
            }
        }

        private unsafe int Wait(byte[] events, long ticks)
        {
            var nanoseconds = ticks * (1_000_000_000.0 / Stopwatch.Frequency);
            var timeout = new Native.Timespec { Seconds = (long)(nanoseconds / 1e9), Nanoseconds = (long)(nanoseconds % 1e9) };
            fixed (byte* p = events)
            {
                while (true)
                {
                    var n = Native.epoll_pwait2(_epoll, p, MaxEvents, &timeout, IntPtr.Zero);
                    if (n >= 0)
                    {
                        return n;
                    }

                    if (Marshal.GetLastPInvokeError() != 4 /* EINTR */)
                    {
                        throw new InvalidOperationException($"epoll_pwait2 failed: {Marshal.GetLastPInvokeError()}");
                    }
                }
            }
        }
    }
}

/// <summary>Enough HTTP/1.1 response parsing for loopback benchmarks: Content-Length or chunked, no allocations.</summary>
internal static class HttpResponse
{
    /// <summary>True once the whole response is in <paramref name="data"/>; <paramref name="close"/> when the server closes the connection after it.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out int status, out bool close)
    {
        status = 0;
        close = false;
        var headerEnd = data.IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0)
        {
            return false;
        }

        var head = data[..headerEnd];
        status = ((head[9] - '0') * 100) + ((head[10] - '0') * 10) + (head[11] - '0');
        var body = data[(headerEnd + 4)..];
        var length = -1;
        var chunked = false;
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            if (StartsWithIgnoreCase(line, "content-length:"u8))
            {
                _ = System.Buffers.Text.Utf8Parser.TryParse(line[15..].Trim((byte)' '), out length, out _);
            }
            else if (StartsWithIgnoreCase(line, "transfer-encoding:"u8))
            {
                chunked = line.IndexOf("chunked"u8) >= 0;
            }
            else if (StartsWithIgnoreCase(line, "connection:"u8))
            {
                close = System.Text.Ascii.EqualsIgnoreCase(line[11..].Trim((byte)' '), "close"u8);
            }
        }

        return chunked ? ChunkedComplete(body) : length < 0 || body.Length >= length;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> line, ReadOnlySpan<byte> prefix) =>
        line.Length >= prefix.Length && System.Text.Ascii.EqualsIgnoreCase(line[..prefix.Length], prefix);

    private static bool ChunkedComplete(ReadOnlySpan<byte> body)
    {
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return false;
            }

            _ = System.Buffers.Text.Utf8Parser.TryParse(body[..lineEnd], out int size, out _, 'x');
            var next = lineEnd + 2 + size + 2;
            if (body.Length < next)
            {
                return false;
            }

            if (size == 0)
            {
                return true;
            }

            body = body[next..];
        }
    }
}

internal static unsafe partial class Native
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int epoll_ctl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int epoll_pwait2(int epfd, byte* events, int maxEvents, Timespec* timeout, IntPtr sigmask);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int close(int fd);
}
