namespace Sotp.Collectors.RemoteConsole;

/// <summary>Why an SSH session could not be opened or a command not run, in words for the person who asked.</summary>
public class SshException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The device has no SSH settings yet.</summary>
public sealed class SshNotConfiguredException(string device)
    : SshException($"{device} has no SSH settings yet: set the port, user and credential first.");

/// <summary>No host key is pinned for the device: someone allowed to must trust this one first.</summary>
public sealed class SshHostKeyUnknownException(string presented)
    : SshException($"The device's host key is not trusted yet. It presented {presented}: compare it with the device's own (ssh-keygen -lf) before trusting it.")
{
    public string Presented { get; } = presented;
}

/// <summary>The device presented another key than the pinned one: refused until an Admin re-pins.</summary>
public sealed class SshHostKeyChangedException(string pinned, string presented)
    : SshException($"The device's host key has changed: it presented {presented}, but {pinned} is trusted. The connection was refused; an Admin must check the device and trust the new key.")
{
    public string Pinned { get; } = pinned;

    public string Presented { get; } = presented;
}

/// <summary>Too many sessions open already, for this user or on this device.</summary>
public sealed class SshSessionLimitException(string message) : SshException(message);
