using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sotp.Collectors.Snmp.Polling;
using Sotp.Collectors.Snmp.Usm;
using Sotp.Core.Devices;
using Sotp.Core.Events;
using Sotp.Core.Observability;

namespace Sotp.Collectors.Snmp.Traps;

/// <summary>
/// Runs the trap receiver in a collector: traps and informs are accepted with the credentials SOTP polls the devices
/// with (their communities and USM users, read again when SNMP settings change), given to their device by source
/// address, named (<see cref="TrapNames"/>), explained by the catalogue (snmp.yaml) and recorded in the timeline.
/// What is kept as the raw form is the notification's variables in words, not the datagram: a v2c datagram carries
/// its community.
/// </summary>
public sealed partial class TrapService(
    IOptions<TrapOptions> options,
    SnmpSettingsStore settings,
    SnmpTargets targets,
    SenderDirectory senders,
    EventCatalogue catalogue,
    EventLog events,
    TimeProvider time,
    ILogger<TrapService> logger,
    IMeterFactory meters) : BackgroundService
{
    private static readonly TimeSpan CheckSettingsEvery = TimeSpan.FromSeconds(2);

    /// <summary>The receiver, once listening.</summary>
    public SnmpTrapReceiver? Receiver { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var meter = meters.Create(SotpMetrics.MeterName);
        meter.CreateObservableCounter("sotp.traps.received", () => Receiver?.Accepted ?? 0, "{message}", "SNMP traps and informs accepted.");
        meter.CreateObservableCounter("sotp.traps.dropped", () => Receiver?.Dropped ?? 0, "{message}",
            "Traps dropped because they arrived faster than they could be handled.");
        meter.CreateObservableCounter("sotp.traps.refused", () => (Receiver?.Refused ?? new Dictionary<string, long>())
                .Select(r => new Measurement<long>(r.Value, new KeyValuePair<string, object?>("reason", r.Key))),
            "{message}", "Datagrams refused, per reason (unknown community or user, failed authentication, not a notification...).");
        if (options.Value.Port is not { } port)
        {
            return;
        }

        SnmpTrapReceiver receiver;
        try
        {
            receiver = new SnmpTrapReceiver(new IPEndPoint(IPAddress.Parse(options.Value.BindAddress), port), [], [], time);
        }
        catch (SocketException ex)
        {
            LogCannotListen(logger, options.Value.BindAddress, port, ex.Message);
            return;
        }

        await using (receiver)
        {
            await LoadCredentialsAsync(receiver, stoppingToken);
            LogListening(logger, receiver.LocalEndpoint.ToString());
            Receiver = receiver;
            var refresh = RefreshCredentialsAsync(receiver, stoppingToken);
            try
            {
                await foreach (var trap in receiver.ReadAllAsync(stoppingToken))
                {
                    Record(trap);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping.
            }

            await refresh;
        }
    }

    private async Task RefreshCredentialsAsync(SnmpTrapReceiver receiver, CancellationToken stoppingToken)
    {
        var loaded = settings.Version;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(CheckSettingsEvery, time, stoppingToken);
                if (settings.Version != loaded)
                {
                    loaded = settings.Version;
                    await LoadCredentialsAsync(receiver, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    // A device whose credentials cannot be opened (the database away, a DNS name that does not resolve) is skipped
    // until the next change; the others still count.
    private async Task LoadCredentialsAsync(SnmpTrapReceiver receiver, CancellationToken cancellationToken)
    {
        var communities = new HashSet<string>(StringComparer.Ordinal);
        var users = new List<UsmUser>();
        try
        {
            foreach (var (device, address) in await settings.InServiceAsync(cancellationToken))
            {
                try
                {
                    var target = await targets.ForAsync(device, address, cancellationToken);
                    if (target.User is { } user)
                    {
                        users.Add(user);
                    }
                    else
                    {
                        communities.Add(Encoding.UTF8.GetString(target.Community));
                    }
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.Security.Cryptography.CryptographicException)
                {
                    LogCredentialsSkipped(logger, device.DeviceId, ex.Message);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCredentialsUnavailable(logger, ex.Message);
            return;
        }

        receiver.SetCredentials(communities, users);
    }

    private void Record(SnmpTrap trap)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var words = new StringBuilder();
        foreach (var bind in trap.VarBinds.Where(b => b.Oid != SnmpTrap.SnmpTrapOid))
        {
            var name = TrapNames.VariableOf(bind.Oid);
            var value = bind.Value.ToString();
            fields.TryAdd(name, value.Length <= 512 ? value : value[..512]);
            words.Append(bind.Oid).Append(" = ").Append(value).Append('\n');
        }

        var code = TrapNames.Of(trap.TrapOid);
        var text = string.Join(' ', [code, .. fields.Where(f => f.Key != "sysUpTime").Select(f => $"{f.Key}={f.Value}")]);
        var known = catalogue.Match(Vendor, code, null, text);
        foreach (var (name, value) in known?.Fields ?? [])
        {
            fields[name] = value;
        }

        fields["snmp"] = trap.Version.ToString();
        fields["kind"] = trap.IsInform ? "inform" : "trap";
        var device = senders.Find(trap.Source.Address, fields.GetValueOrDefault("sysName"));
        events.Record(new DeviceEvent
        {
            At = trap.ReceivedAt,
            DeviceId = device?.Id,
            Source = EventSource.Trap,
            Severity = known?.Entry.Severity ?? EventSeverity.Notice,
            Sender = trap.Source.Address.ToString(),
            Code = code.Length <= 96 ? code : code[..96],
            Vendor = Vendor,
            CatalogueId = known?.Entry.Id,
            Text = text,
            Fields = fields,
            Raw = Encoding.UTF8.GetBytes($"{trap.TrapOid}\n{words}"),
        });
    }

    private const string Vendor = "snmp";

    [LoggerMessage(EventId = 8011, Level = LogLevel.Information, Message = "Traps: listening on UDP {Endpoint}")]
    private static partial void LogListening(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 8012, Level = LogLevel.Error, Message = "Traps: cannot listen on UDP {Address}:{Port}: {Reason}")]
    private static partial void LogCannotListen(ILogger logger, string address, int port, string reason);

    [LoggerMessage(EventId = 8013, Level = LogLevel.Warning, Message = "Traps from device {DeviceId} cannot be accepted for now: {Reason}")]
    private static partial void LogCredentialsSkipped(ILogger logger, int deviceId, string reason);

    [LoggerMessage(EventId = 8014, Level = LogLevel.Warning, Message = "Traps: the devices' SNMP credentials could not be read ({Reason}); trying again on the next change")]
    private static partial void LogCredentialsUnavailable(ILogger logger, string reason);
}
