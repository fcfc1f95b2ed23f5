using System.Text;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Sotp.Core.Compliance;

/// <summary>
/// Makes configuration lines regular before golden-configuration rules compare them: whitespace runs become one
/// space, and the short forms of interface names and keywords in Compliance/abbreviations.yaml become the full ones
/// (<c>int gi0/1</c> → <c>interface GigabitEthernet0/1</c>, <c>no shut</c> → <c>no shutdown</c>). The rule and the
/// configuration go through the same table, so a form both sides spell the same always matches; what people read
/// (expected, actual) stays as written.
/// </summary>
public sealed class ConfigNormalizer
{
    private readonly Dictionary<string, string> _interfaces = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _keywords = new(StringComparer.OrdinalIgnoreCase);

    public ConfigNormalizer(IReadOnlyDictionary<string, List<string>> interfaces, IReadOnlyDictionary<string, List<string>> keywords)
    {
        foreach (var (full, forms) in interfaces)
        {
            foreach (var form in forms.Append(full))
            {
                _interfaces[form] = full;
            }
        }

        foreach (var (full, forms) in keywords)
        {
            foreach (var form in forms)
            {
                _keywords[form] = full;
            }
        }
    }

    /// <summary>The table in the repository's data file.</summary>
    public static ConfigNormalizer Load()
    {
        using var stream = typeof(ConfigNormalizer).Assembly.GetManifestResourceStream("Sotp.Core.Compliance.abbreviations.yaml")
            ?? throw new InvalidOperationException("Compliance/abbreviations.yaml is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var table = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<AbbreviationTable>(reader);
        return new ConfigNormalizer(table.Interfaces, table.Keywords);
    }

    /// <summary>One line's words, regular; its indentation is not part of it.</summary>
    public string Line(string line)
    {
        var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = Word(words[i]);
        }

        return string.Join(' ', words);
    }

    private string Word(string word)
    {
        if (_keywords.TryGetValue(word, out var keyword))
        {
            return keyword;
        }

        // An interface: letters (and '-'), then the number: Gi0/1, Te1/0/1.100, Po10, eth0.
        var digit = word.AsSpan().IndexOfAnyInRange('0', '9');
        return digit > 0 && _interfaces.TryGetValue(word[..digit], out var name) ? name + word[digit..] : word;
    }

    private sealed class AbbreviationTable
    {
        public Dictionary<string, List<string>> Interfaces { get; set; } = [];

        public Dictionary<string, List<string>> Keywords { get; set; } = [];
    }
}
