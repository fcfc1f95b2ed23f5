using System.Net.Sockets;

namespace Sotp.Collectors.Net;

/// <summary>Socket settings shared by the engines that take bursts of datagrams.</summary>
internal static class SocketBuffers
{
    private const int SolSocket = 1;
    private const int SoRcvBufForce = 33;

    /// <summary>
    /// Asks for a large receive buffer, so a burst of thousands of replies is not dropped by the kernel:
    /// SO_RCVBUFFORCE passes net.core.rmem_max when the process may (root), else the capped ordinary size.
    /// </summary>
    public static void EnlargeReceiveBuffer(Socket socket, int bytes)
    {
        try
        {
            socket.SetRawSocketOption(SolSocket, SoRcvBufForce, BitConverter.GetBytes(bytes));
        }
        catch (SocketException)
        {
            socket.ReceiveBufferSize = bytes;
        }
    }
}
