using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Components.Controls;
using Sotp.Console.Identity;
using Sotp.Core;
using Sotp.Core.Alerts;
using Sotp.Core.Compliance;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Compliance;

/// <summary>Add or change a golden-configuration rule; a text that does not compile is refused with the line and column.</summary>
public sealed partial class RuleDialog
{
    private string? _name;
    private RuleKind _kind = RuleKind.Required;
    private string? _text;
    private bool _ordered;
    private string? _platforms;
    private string? _sites;
    private string? _tags;
    private string? _remediation;
    private string? _description;
    private bool _enabled = true;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private ShownFailure? _formError;
    private bool _saving;

    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    [Parameter]
    public ComplianceRule? Rule { get; set; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required ComplianceService Compliance { get; init; }

    private string TextLabel => _kind switch
    {
        RuleKind.Required => "Lines the configuration must have (top level)",
        RuleKind.Forbidden => "Lines it must not have (anywhere)",
        RuleKind.Match => "Regular expressions, one per line: each matches a line",
        RuleKind.NoMatch => "Regular expressions, one per line: none may match",
        _ => "The section: its first line, then its lines indented (a first line starting with ^ checks every section it matches)",
    };

    public static Task<IDialogReference> ShowAsync(IDialogService dialogs, ComplianceRule? rule) =>
        dialogs.ShowAsync<RuleDialog>(rule is null ? "New rule" : $"Rule {rule.Name}", new DialogParameters<RuleDialog> { { d => d.Rule, rule } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });

    protected override void OnInitialized()
    {
        if (Rule is not { } r)
        {
            return;
        }

        (_name, _kind, _text, _ordered, _remediation, _description, _enabled) = (r.Name, r.Kind, r.Text, r.Ordered, r.Remediation, r.Description, r.Enabled);
        (_platforms, _sites, _tags) = (string.Join(", ", r.Platforms), string.Join(", ", r.Scope.Sites), string.Join(", ", r.Scope.Tags));
    }

    private async Task SaveAsync()
    {
        _saving = true;
        _formError = null;
        try
        {
            var input = new ComplianceRuleInput
            {
                Name = _name, Kind = EnumText.Kebab(_kind), Text = _text, Ordered = _ordered, Platforms = List(_platforms),
                Scope = new AlertScope { Sites = List(_sites), Tags = List(_tags) }, Remediation = _remediation, Description = _description, Enabled = _enabled,
            };
            using var span = Access.StartAction("Compliance", Rule is null ? "add rule" : "edit rule");
            if (await Access.RequireAsync(SotpPermissions.ComplianceManage, Rule is null ? "compliance.rule.create" : "compliance.rule.update", "compliance-rule")
                is not { } actor)
            {
                _formError = Failures.Of("You may no longer change rules.");
                return;
            }

            if (await Compliance.SaveRuleAsync(Rule?.Id, input, actor, CancellationToken.None) is not { } saved)
            {
                _formError = Failures.Of("This rule was deleted meanwhile.");
                return;
            }

            _errors = saved.Errors;
            if (saved.Rule is { } rule)
            {
                Dialog.Close(DialogResult.Ok(rule));
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private static string[] List(string? text) => (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private void Cancel() => Dialog.Cancel();
}
