using Xunit.v3;

namespace Sotp.Tests.Support;

/// <summary>
/// Marks a test (or a class of them) that needs a real peer, root or a browser (docs/lab.md): trait
/// <c>Category=Lab</c>, which <c>eng/test.sh --fast</c> leaves out so unit, component and API tests run alone.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class LabTestAttribute : Attribute, ITraitAttribute
{
    public const string Category = "Category";
    public const string Lab = "Lab";

    public IReadOnlyCollection<KeyValuePair<string, string>> GetTraits() => [new(Category, Lab)];
}
