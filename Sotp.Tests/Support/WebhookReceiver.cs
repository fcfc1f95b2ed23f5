using System.Collections.Concurrent;
using System.Net;

namespace Sotp.Tests.Support;

/// <summary>An HTTP endpoint on a free loopback port that keeps every request it gets (headers and body) and answers 204.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(IReadOnlyDictionary<string, string> Headers, string Body)> _received = new();

    public WebhookReceiver()
    {
        Url = $"http://127.0.0.1:{LabProcess.FreeLoopbackPort()}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = ServeAsync();
    }

    public string Url { get; }

    public IReadOnlyList<(IReadOnlyDictionary<string, string> Headers, string Body)> Received => [.. _received];

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            _received.Enqueue((context.Request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase), body));
            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
