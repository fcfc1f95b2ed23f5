namespace Sotp.Core.RemoteConsole;

/// <summary>How a console session was opened.</summary>
public enum ConsoleSessionKind
{
    /// <summary>The interactive terminal (console.full): keystrokes relayed to a shell with a PTY.</summary>
    Terminal,

    /// <summary>Whole commands, each checked against the read-only allowlist (console.read-only).</summary>
    Command,

    /// <summary>A command sent through the API.</summary>
    Api,
}

/// <summary>One SSH session opened through SOTP: who, which device, when, how much; its transcript in chunks.</summary>
public sealed class ConsoleSession
{
    public long Id { get; set; }

    public int DeviceId { get; set; }

    public required string DeviceName { get; set; }

    public required string UserName { get; set; }

    public ConsoleSessionKind Kind { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Why it ended: "closed", "idle timeout", "user disabled", "connection lost: ...".</summary>
    public string? EndReason { get; set; }

    public long BytesFromDevice { get; set; }

    public long BytesToDevice { get; set; }

    public int Commands { get; set; }

    /// <summary>SHA-256 over the transcript's chunks in order, also written into the audit trail at the end.</summary>
    public string? TranscriptSha256 { get; set; }
}

/// <summary>Which way a transcript chunk went.</summary>
public enum TranscriptDirection : byte
{
    FromDevice = 0,
    ToDevice = 1,
    Resize = 2,
}

/// <summary>A piece of a session's transcript, with its time from the start so a replay keeps the real pace.</summary>
public sealed class TranscriptChunk
{
    public long Id { get; set; }

    public long SessionId { get; set; }

    public int Sequence { get; set; }

    public int OffsetMs { get; set; }

    public TranscriptDirection Direction { get; set; }

    public required byte[] Data { get; set; }
}
