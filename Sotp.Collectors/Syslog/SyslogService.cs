using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sotp.Core.Events;
using Sotp.Core.Observability;

namespace Sotp.Collectors.Syslog;

/// <summary>
/// Runs the syslog receiver in a collector and turns what it hears into timeline events: each message is read
/// (<see cref="SyslogParser"/>), given to its device (<see cref="SenderDirectory"/>), classified
/// (<see cref="SyslogDialect"/>), explained (<see cref="EventCatalogue"/>) and recorded (<see cref="EventLog"/>). Lines that are not syslog are counted by
/// reason, never recorded; a transport that cannot listen is logged and the others carry on.
/// </summary>
public sealed partial class SyslogService : BackgroundService
{
    private const int RoomForABatch = 2000;

    private readonly ConcurrentDictionary<string, long> _unreadable = new();
    private readonly IOptions<SyslogOptions> _options;
    private readonly SenderDirectory _senders;
    private readonly EventCatalogue _catalogue;
    private readonly EventLog _events;
    private readonly TimeProvider _time;
    private readonly ILogger<SyslogService> _logger;

    public SyslogService(IOptions<SyslogOptions> options, SenderDirectory senders, EventCatalogue catalogue, EventLog events, TimeProvider time,
        ILogger<SyslogService> logger, IMeterFactory meters)
    {
        (_options, _senders, _catalogue, _events, _time, _logger) = (options, senders, catalogue, events, time, logger);
        var meter = meters.Create(SotpMetrics.MeterName);
        meter.CreateObservableCounter("sotp.syslog.received", () => Enum.GetValues<SyslogTransport>()
                .Select(t => new Measurement<long>(Receiver?.Received(t) ?? 0, new KeyValuePair<string, object?>("transport", t.ToString().ToLowerInvariant()))),
            "{message}", "Syslog messages taken in, per transport (udp, tcp, tls).");
        meter.CreateObservableCounter("sotp.syslog.dropped", () => Receiver?.Dropped ?? 0, "{message}",
            "Syslog messages dropped because they arrived faster than they could be handled (the queue was full).");
        meter.CreateObservableCounter("sotp.syslog.refused", () => (Receiver?.Refused ?? new Dictionary<string, long>()).Concat(_unreadable)
                .Select(r => new Measurement<long>(r.Value, new KeyValuePair<string, object?>("reason", r.Key))),
            "{message}", "Frames and connections refused, per reason (oversized, malformed, no priority, timeout, too many connections...).");
    }

    /// <summary>The receiver, once started (null before, or when it could not start).</summary>
    public SyslogReceiver? Receiver { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = _options.Value;
        X509Certificate2? certificate = null;
        if (!string.IsNullOrWhiteSpace(settings.TlsCertificatePath))
        {
            try
            {
                certificate = X509Certificate2.CreateFromPemFile(settings.TlsCertificatePath, settings.TlsKeyPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                LogNoCertificate(_logger, settings.TlsCertificatePath, ex.Message);
            }
        }

        await using var receiver = new SyslogReceiver(settings, certificate, _time);
        foreach (var problem in receiver.Problems.Values)
        {
            LogCannotListen(_logger, problem);
        }

        foreach (var (transport, endpoint) in receiver.Endpoints)
        {
            LogListening(_logger, transport, endpoint.ToString());
        }

        Receiver = receiver;
        try
        {
            await foreach (var frame in receiver.ReadAllAsync(stoppingToken))
            {
                // A store slower than the senders holds the receiver back (TCP and TLS senders wait, datagrams that do
                // not fit are counted) rather than pushing out events already taken in.
                while (_events.Pending.Count >= _events.Pending.Capacity - RoomForABatch)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20), _time, stoppingToken);
                }

                Record(frame, settings);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void Record(SyslogFrame frame, SyslogOptions settings)
    {
        var message = SyslogParser.Parse(frame.Bytes, frame.ReceivedAt, out var problem);
        if (message is null)
        {
            _unreadable.AddOrUpdate(problem!, 1, (_, n) => n + 1);
            return;
        }

        var device = _senders.Find(frame.Sender, message.HostName, settings.Aliases);
        var (vendor, code) = SyslogDialect.Classify(message, device?.Platform);
        var fields = Fields(message);
        var known = _catalogue.Match(vendor, code, message.AppName, message.Text);
        foreach (var (name, value) in known?.Fields ?? [])
        {
            fields[name] = Clip(value, 512)!;
        }

        _events.Record(new DeviceEvent
        {
            At = frame.ReceivedAt,
            DeviceId = device?.Id,
            Source = EventSource.Syslog,
            Severity = known?.Entry.Severity ?? message.Severity,
            CatalogueId = known?.Entry.Id,
            Sender = frame.Sender.ToString(),
            HostName = Clip(message.HostName, 255),
            Code = Clip(code, 96),
            Vendor = vendor,
            Text = message.Text,
            Fields = fields,
            DeviceTime = message.Timestamp,
            Raw = message.Raw,
        });
    }

    // What the header carries beyond the text: the program, its process, the message id, structured data.
    private static Dictionary<string, string> Fields(SyslogMessage message)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                fields[key] = Clip(value, 512)!;
            }
        }

        Add("app", message.AppName);
        Add("pid", message.ProcId);
        Add("msgid", message.MsgId);
        Add("facility", message.Facility.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var element in message.StructuredData)
        {
            foreach (var (name, value) in element.Parameters)
            {
                Add($"{element.Id}.{name}", value);
            }
        }

        return fields;
    }

    private static string? Clip(string? value, int length) => value is null || value.Length <= length ? value : value[..length];

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Syslog: listening on {Transport} {Endpoint}")]
    private static partial void LogListening(ILogger logger, SyslogTransport transport, string endpoint);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Error, Message = "Syslog: {Problem}")]
    private static partial void LogCannotListen(ILogger logger, string problem);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Error, Message = "Syslog over TLS is off: the certificate {Path} could not be read ({Reason})")]
    private static partial void LogNoCertificate(ILogger logger, string path, string reason);
}
