namespace Sotp.Core.RemoteConsole;

/// <summary>Whether a command may be sent in command mode, and why not.</summary>
public sealed record CommandDecision(bool Allowed, string Reason)
{
    public static CommandDecision Allow { get; } = new(true, "read-only");

    public static CommandDecision Refuse(string reason) => new(false, reason);
}

/// <summary>
/// The platform's read-only allowlist for command mode (console.read-only and the command API). A line is
/// split at <c>;</c> into commands and every one must pass. A command's first word is resolved as the
/// device's CLI does, as the unique exec-mode verb it abbreviates among that platform family's verbs
/// (<c>sh</c> is show; <c>s</c> is ambiguous; <c>dis</c> is display on Huawei VRP and H3C Comware, ambiguous
/// elsewhere), case-insensitively, and must resolve to show, display, ping or traceroute. Output
/// filters after <c>|</c> are allowed (include, exclude, begin, section, count, match, except, no-more ...);
/// filters that write (redirect, tee, append, save) are not. Shell syntax (<c>`</c>, <c>$(</c>, <c>&amp;</c>,
/// <c>&gt;</c>, <c>&lt;</c>) and control characters are refused outright.
/// </summary>
public static class CommandPolicy
{
    public const int MaxLength = 512;

    private static readonly string[] AllowedVerbs = ["show", "display", "ping", "ping6", "traceroute", "traceroute6", "tracert"];

    // Exec-mode verbs of IOS, NX-OS, EOS, Junos, VRP/Comware and FRR, so an abbreviation resolves the way
    // the router would resolve it. Unknown first words are refused.
    private static readonly string[] KnownVerbs =
    [
        .. AllowedVerbs,
        "archive", "boot", "cd", "clear", "clock", "commit", "configure", "connect", "copy", "debug", "delete", "dir", "disable",
        "disconnect", "edit", "enable", "end", "erase", "exit", "file", "format", "help", "install", "license", "lock", "login",
        "logout", "mkdir", "monitor", "more", "mtrace", "no", "pwd", "quit", "reboot", "redundancy", "reload", "rename", "request",
        "reset", "restart", "resume", "return", "rmdir", "rollback", "run", "save", "send", "set", "setup", "squeeze", "ssh",
        "start", "start-shell", "system-view", "telnet", "terminal", "test", "undebug", "undelete", "undo",
        "upgrade", "verify", "where", "who", "write", "write-memory",
    ];

    // Huawei VRP and H3C Comware user view: no disable or disconnect, so "dis" is display, as engineers type it.
    private static readonly string[] VrpVerbs =
    [
        "display", "ping", "tracert", "cd", "clock", "copy", "debugging", "delete", "dir", "format", "language-mode", "local-user",
        "lock", "mkdir", "more", "move", "quit", "reboot", "rename", "reset", "return", "rmdir", "save", "schedule", "screen-length",
        "ssh", "startup", "stelnet", "super", "system-view", "telnet", "terminal", "undo", "upgrade",
    ];

    private static readonly HashSet<string> VrpPlatforms = new(StringComparer.OrdinalIgnoreCase) { "huawei-vrp", "h3c-comware" };

    private static readonly string[] AllowedFilters =
    [
        "include", "exclude", "begin", "section", "count", "match", "except", "no-more", "find", "last", "trim", "resolve",
        "display", "json", "xml", "grep", "head", "tail", "sort", "uniq", "wc",
    ];

    private static readonly string[] KnownFilters = [.. AllowedFilters, "redirect", "tee", "append", "save", "file", "write", "compare"];

    public static CommandDecision Decide(string? line, string? platform = null)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return CommandDecision.Refuse("Type a command.");
        }

        if (line.Length > MaxLength)
        {
            return CommandDecision.Refuse($"A command has at most {MaxLength} characters.");
        }

        if (line.Any(char.IsControl))
        {
            return CommandDecision.Refuse("Control characters are not allowed in command mode.");
        }

        if (line.IndexOfAny(['`', '&', '>', '<']) >= 0 || line.Contains("$(", StringComparison.Ordinal))
        {
            return CommandDecision.Refuse("Shell syntax (`, $(, &, >, <) is not allowed in command mode.");
        }

        foreach (var command in line.Split(';', StringSplitOptions.TrimEntries))
        {
            if (command.Length == 0)
            {
                continue;
            }

            var decision = DecideOne(command, platform is not null && VrpPlatforms.Contains(platform) ? VrpVerbs : KnownVerbs);
            if (!decision.Allowed)
            {
                return decision;
            }
        }

        return CommandDecision.Allow;
    }

    private static CommandDecision DecideOne(string command, string[] knownVerbs)
    {
        var stages = command.Split('|', StringSplitOptions.TrimEntries);
        var verb = FirstWord(stages[0]);
        if (verb.Length == 0)
        {
            return CommandDecision.Refuse("A command starts with a word, such as show.");
        }

        var verbs = Resolve(verb, knownVerbs);
        if (verbs.Length == 0)
        {
            return CommandDecision.Refuse($"\"{verb}\" is not a read-only command (show, display, ping, traceroute).");
        }

        if (!verbs.All(v => AllowedVerbs.Contains(v)))
        {
            return verbs.Length > 1
                ? CommandDecision.Refuse($"\"{verb}\" is ambiguous ({string.Join(", ", verbs)}): type more of the command.")
                : CommandDecision.Refuse($"\"{verbs[0]}\" is not allowed in command mode: only show, display, ping and traceroute are.");
        }

        foreach (var stage in stages.Skip(1))
        {
            var filter = FirstWord(stage);
            var filters = Resolve(filter, KnownFilters);
            if (filter.Length == 0 || filters.Length == 0 || !filters.All(f => AllowedFilters.Contains(f)))
            {
                return CommandDecision.Refuse($"The output filter \"| {stage}\" is not allowed: it may write, or is unknown.");
            }
        }

        return CommandDecision.Allow;
    }

    private static string FirstWord(string text)
    {
        var end = text.IndexOf(' ', StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).ToLowerInvariant();
    }

    // The words this abbreviates: itself if it is one, else every word it is a prefix of.
    private static string[] Resolve(string word, string[] words) =>
        words.Contains(word) ? [word] : [.. words.Where(w => w.StartsWith(word, StringComparison.Ordinal))];
}
