// The syslog generator both receivers are fed by: the same lines, at the same pace.
//   Syslog udp PORT RATE COUNT RUN   COUNT RFC 3164 lines to 127.0.0.1:PORT over UDP at RATE a second (paced every
//                                    millisecond); prints how long sending took
//   Syslog tcp PORT COUNT RUN        COUNT octet-counted lines over one TCP connection, as fast as it takes them
// Each line is a Cisco interface message carrying RUN and its number, so a receiver's output can be counted.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

static byte[] Line(string run, int i) => Encoding.ASCII.GetBytes(
    $"<189>{i}: Nov 29 10:00:00.000 UTC: %LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/{i % 48}, changed state to down {run}-{i}");

switch (args)
{
    case ["udp", var port, var rateText, var countText, var run]:
    {
        var (rate, count) = (int.Parse(rateText, CultureInfo.InvariantCulture), int.Parse(countText, CultureInfo.InvariantCulture));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = new IPEndPoint(IPAddress.Loopback, int.Parse(port, CultureInfo.InvariantCulture));
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            // Never ahead of the pace: line i leaves at i / rate seconds.
            while (clock.Elapsed.TotalSeconds < (double)i / rate)
            {
                Thread.SpinWait(50);
            }

            socket.SendTo(Line(run, i), target);
        }

        Console.WriteLine(clock.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture));
        return 0;
    }

    case ["tcp", var port, var countText, var run]:
    {
        var count = int.Parse(countText, CultureInfo.InvariantCulture);
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, int.Parse(port, CultureInfo.InvariantCulture));
        using var stream = new BufferedStream(client.GetStream(), 64 * 1024);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var line = Line(run, i);
            stream.Write(Encoding.ASCII.GetBytes($"{line.Length} "));
            stream.Write(line);
        }

        stream.Flush();
        client.Client.Shutdown(SocketShutdown.Send);
        Console.WriteLine(clock.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture));
        return 0;
    }

    default:
        Console.Error.WriteLine("usage: Syslog udp PORT RATE COUNT RUN | Syslog tcp PORT COUNT RUN");
        return 2;
}
