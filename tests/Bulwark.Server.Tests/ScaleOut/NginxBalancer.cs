using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bulwark.Server.Tests.ScaleOut;

/// <summary>A real nginx on loopback, round-robin over the given nodes, as an operator would put in front of them.</summary>
public sealed class NginxBalancer : IAsyncDisposable
{
    private readonly string _prefix;
    private readonly Process _process;

    private NginxBalancer(string prefix, Process process, Uri address)
    {
        _prefix = prefix;
        _process = process;
        BaseAddress = address;
    }

    public Uri BaseAddress { get; }

    public static async Task<NginxBalancer> StartAsync(IEnumerable<Uri> nodes)
    {
        var prefix = Directory.CreateTempSubdirectory("bulwark-nginx-").FullName;
        var port = FreePort();
        var upstreams = string.Join("\n", nodes.Select(n => $"    server {n.Host}:{n.Port} max_fails=1 fail_timeout=2s;"));
        var config = $$"""
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 4096; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/body;
              proxy_temp_path {{prefix}}/proxy;
              fastcgi_temp_path {{prefix}}/fastcgi;
              uwsgi_temp_path {{prefix}}/uwsgi;
              scgi_temp_path {{prefix}}/scgi;
              upstream bulwark {
            {{upstreams}}
                keepalive 64;
              }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://bulwark;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header Host $host;
                }
              }
            }
            """;
        var path = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(path, config);
        var info = new ProcessStartInfo("nginx", ["-p", prefix, "-c", path, "-g", "daemon off;"]) { RedirectStandardError = true, UseShellExecute = false };
        var process = Process.Start(info)!;
        var address = new Uri($"http://127.0.0.1:{port}");

        using var probe = new HttpClient { BaseAddress = address };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await probe.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (attempt < 100 && !process.HasExited)
            {
            }

            if (process.HasExited || attempt >= 100)
            {
                throw new InvalidOperationException("nginx did not start: " + await process.StandardError.ReadToEndAsync());
            }

            await Task.Delay(50);
        }

        return new NginxBalancer(prefix, process, address);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // TERM, not KILL: nginx's master then stops its worker, which a KILL of the master would
            // leave running, orphaned, still accepting on the balancer's port.
            await ProcessSignals.TerminateAsync(_process);

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        Directory.Delete(_prefix, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
