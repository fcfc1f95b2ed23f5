using System.Net;
using System.Net.Sockets;

namespace Sotp.Collectors.Net;

/// <summary>The receive loop every UDP engine of SOTP runs: manager, agent and trap receiver.</summary>
internal static class DatagramLoop
{
    /// <summary>
    /// Hands each datagram (buffer, length, sender) to <paramref name="handle"/> until <paramref name="stop"/>;
    /// receive errors (on Linux, ICMP port unreachable for an earlier send) are skipped, never fatal.
    /// </summary>
    public static async Task RunAsync(Socket socket, Func<byte[], int, IPEndPoint, Task> handle, CancellationToken stop)
    {
        var buffer = new byte[65_536];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stop);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            await handle(buffer, received.ReceivedBytes, (IPEndPoint)received.RemoteEndPoint);
        }
    }
}
