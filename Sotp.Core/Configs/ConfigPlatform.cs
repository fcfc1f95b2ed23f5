using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Sotp.Core.Configs;

/// <summary>
/// How one family of platforms prints its configuration, and what in it is noise (changes on every run) or a secret
/// (never stored): rows of Configs/platforms.yaml.
/// </summary>
public sealed class ConfigPlatform
{
    public List<string> Platforms { get; set; } = [];

    /// <summary>The command that turns paging off for the session, if the platform pages.</summary>
    public string? PagingOff { get; set; }

    /// <summary>The command that prints the running configuration.</summary>
    public string Command { get; set; } = "show running-config";

    public List<string> Noise { get; set; } = [];

    public List<string> Secrets { get; set; } = [];
}

/// <summary>
/// The platforms' rules, compiled, and the cleaning every configuration goes through before it is stored, compared or
/// shown: line ends made plain, trailing blanks and noise lines dropped, secrets replaced by a stable marker
/// (<c>&lt;secret:1a2b3c4d&gt;</c>, an HMAC of the secret under the installation's key): the same secret always gives
/// the same marker, a changed secret a changed line, and the secret itself goes nowhere.
/// </summary>
public sealed class ConfigRules
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);
    private readonly Dictionary<string, Compiled> _byPlatform = new(StringComparer.OrdinalIgnoreCase);
    private readonly Compiled _unknown;

    private sealed record Compiled(ConfigPlatform Platform, Regex[] Noise, Regex[] Secrets);

    public ConfigRules(IEnumerable<ConfigPlatform> platforms)
    {
        var all = platforms.ToList();
        foreach (var platform in all)
        {
            var compiled = new Compiled(platform, [.. platform.Noise.Select(Compile)], [.. platform.Secrets.Select(Compile)]);
            foreach (var name in platform.Platforms)
            {
                _byPlatform[name] = compiled;
            }
        }

        // A platform without rules of its own: no noise known, and every secret rule of every platform, to be safe.
        var generic = new ConfigPlatform { Platforms = ["generic"], Secrets = [.. all.SelectMany(p => p.Secrets).Distinct()] };
        _unknown = new Compiled(generic, [], [.. generic.Secrets.Select(Compile)]);
    }

    /// <summary>The rules in the repository's data file.</summary>
    public static ConfigRules Load()
    {
        using var stream = typeof(ConfigRules).Assembly.GetManifestResourceStream("Sotp.Core.Configs.platforms.yaml")
            ?? throw new InvalidOperationException("Configs/platforms.yaml is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var yaml = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        return new ConfigRules(yaml.Deserialize<List<ConfigPlatform>>(reader) ?? []);
    }

    /// <summary>The platform's rules; for a platform SOTP has none for, the generic ones.</summary>
    public ConfigPlatform For(string? platform) => Of(platform).Platform;

    /// <summary>
    /// The configuration as SOTP keeps it: <paramref name="key"/> is the installation's masking key (the same key, the
    /// same markers).
    /// </summary>
    public CleanConfig Clean(string? platform, string raw, byte[] key)
    {
        var rules = Of(platform);
        var kept = new List<string>();
        var (noise, secrets) = (0, 0);
        foreach (var line in raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n'))
        {
            var text = line.TrimEnd();
            if (rules.Noise.Any(n => n.IsMatch(text)))
            {
                noise++;
                continue;
            }

            kept.Add(MaskLine(rules, text, key, ref secrets));
        }

        while (kept.Count > 0 && kept[^1].Length == 0)
        {
            kept.RemoveAt(kept.Count - 1);
        }

        while (kept.Count > 0 && kept[0].Length == 0)
        {
            kept.RemoveAt(0);
        }

        return new CleanConfig(string.Join('\n', kept) + "\n", noise, secrets);
    }

    /// <summary>One line of output with its secrets masked, as <see cref="Clean"/> masks them (the console's command output).</summary>
    public string Mask(string? platform, string line, byte[] key, ref int secrets) => MaskLine(Of(platform), line, key, ref secrets);

    private static string MaskLine(Compiled rules, string line, byte[] key, ref int secrets)
    {
        var found = 0;
        foreach (var rule in rules.Secrets)
        {
            line = rule.Replace(line, m =>
            {
                var secret = m.Groups["secret"];
                if (!secret.Success || secret.Value.StartsWith("<secret:", StringComparison.Ordinal))
                {
                    return m.Value;
                }

                found++;
                return string.Concat(m.Value.AsSpan(0, secret.Index - m.Index), Marker(secret.Value, key), m.Value.AsSpan(secret.Index - m.Index + secret.Length));
            });
        }

        secrets += found;
        return line;
    }

    /// <summary>The marker a secret becomes: eight hex digits of an HMAC-SHA256 under the installation's key.</summary>
    public static string Marker(string secret, byte[] key) =>
        $"<secret:{Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(secret)), 0, 4)}>";

    private Compiled Of(string? platform) => platform is not null && _byPlatform.TryGetValue(platform, out var rules) ? rules : _unknown;

    private static Regex Compile(string pattern) => new(pattern, RegexOptions.CultureInvariant, MatchTimeout);
}

/// <summary>A configuration as stored: the cleaned text, and how many noise lines and secrets were taken out.</summary>
public sealed record CleanConfig(string Text, int NoiseLines, int Secrets);
