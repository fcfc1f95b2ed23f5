using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Sotp.Tests.Support;

namespace Sotp.Tests.Deployment;

/// <summary>
/// The Helm chart, checked without helm or a cluster (neither exists here): Chart.yaml, values.yaml against
/// values.schema.json, every template's YAML structure once its template actions are taken out, and the rules
/// of the chart: non-root, probes, resources, no plain secret in values, configuration keys that SOTP reads.
/// </summary>
public sealed partial class HelmChartTests
{
    private static readonly string Chart = RepositoryFiles.Path("helm", "sotp");
    private static readonly JsonNode Values = YamlJson.Parse(File.ReadAllText(Path.Combine(Chart, "values.yaml")))!;
    private static readonly JsonNode AppSettingsSchema = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Path("appsettings.schema.json")))!;
    private static readonly string Helpers = File.ReadAllText(Path.Combine(Chart, "templates", "_helpers.tpl"));
    private static readonly JsonSchema ValuesSchema = JsonSchema.FromFile(Path.Combine(Chart, "values.schema.json"));

    public static TheoryData<string> Templates() => new(Directory
        .GetFiles(Path.Combine(Chart, "templates"), "*.yaml", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(Path.Combine(Chart, "templates"), f)).Order());

    [Fact]
    public void Chart_yaml_declares_the_chart_and_its_optional_observability_stack()
    {
        var chart = YamlJson.Parse(File.ReadAllText(Path.Combine(Chart, "Chart.yaml")))!;

        Assert.Equal("v2", (string?)chart["apiVersion"]);
        Assert.Equal("sotp", (string?)chart["name"]);
        Assert.Equal("application", (string?)chart["type"]);
        var dependencies = chart["dependencies"]!.AsArray().Select(d => ((string)d!["name"]!, (string?)d["condition"])).ToArray();
        Assert.Equal(["prometheus", "grafana", "loki", "tempo"], dependencies.Select(d => d.Item1));
        Assert.All(dependencies, d =>
        {
            Assert.Equal($"{d.Item1}.enabled", d.Item2);
            Assert.True((bool)Values[d.Item1]!["enabled"]!, $"{d.Item1} is part of the whole platform by default");
        });
    }

    [Fact]
    public void Values_follow_the_values_schema()
    {
        var result = ValuesSchema.Evaluate(JsonDocument.Parse(Values.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, Describe(result));
    }

    [Fact]
    public void The_values_schema_refuses_root_and_missing_resources()
    {
        var bad = Values.DeepClone();
        bad["podSecurityContext"]!["runAsNonRoot"] = false;
        bad["securityContext"]!["allowPrivilegeEscalation"] = true;
        bad["console"]!.AsObject().Remove("resources");

        var described = Describe(ValuesSchema.Evaluate(JsonDocument.Parse(bad.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List }));

        Assert.Contains("/podSecurityContext/runAsNonRoot", described, StringComparison.Ordinal);
        Assert.Contains("/securityContext/allowPrivilegeEscalation", described, StringComparison.Ordinal);
        Assert.Contains("resources", described, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Each_template_is_well_formed_yaml_once_its_template_actions_are_taken_out(string template)
    {
        var documents = YamlJson.Documents(WithoutActions(File.ReadAllText(Path.Combine(Chart, "templates", template))));

        Assert.NotEmpty(documents);
        Assert.All(documents.Where(d => d is not null), d =>
        {
            Assert.NotNull(d!["apiVersion"]);
            Assert.NotNull(d["kind"]);
            Assert.NotNull(d["metadata"]?["name"]);
        });
    }

    [Fact]
    public void The_chart_brings_up_every_part_of_the_platform()
    {
        var kinds = Templates().Select(t => t.Data)
            .SelectMany(t => YamlJson.Documents(WithoutActions(File.ReadAllText(Path.Combine(Chart, "templates", t)))))
            .Where(d => d is not null).Select(d => (string)d!["kind"]!).ToArray();

        foreach (var kind in new[] { "ConfigMap", "Secret", "ServiceAccount", "Service", "Ingress", "HorizontalPodAutoscaler", "NetworkPolicy", "StatefulSet" })
        {
            Assert.Contains(kind, kinds);
        }

        Assert.Equal(2, kinds.Count(k => k == "Deployment"));
        Assert.Equal(2, kinds.Count(k => k == "PodDisruptionBudget"));
        Assert.Contains("\"role\" \"Console\"", Text("console-deployment.yaml"), StringComparison.Ordinal);
        Assert.Contains("\"role\" \"Collectors\"", Text("collectors-deployment.yaml"), StringComparison.Ordinal);
        Assert.Contains("kind: Deployment", Text("console-hpa.yaml"), StringComparison.Ordinal);
        Assert.Contains("-console", YamlJson.Parse(WithoutActions(Text("console-hpa.yaml")))!["spec"]!["scaleTargetRef"]!["name"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Pods_run_unprivileged_and_only_collectors_may_open_raw_sockets()
    {
        Assert.True((bool)Values["podSecurityContext"]!["runAsNonRoot"]!);
        Assert.Equal(1654, (long)Values["podSecurityContext"]!["runAsUser"]!); // the Dockerfile's USER
        Assert.False((bool)Values["securityContext"]!["allowPrivilegeEscalation"]!);
        Assert.True((bool)Values["securityContext"]!["readOnlyRootFilesystem"]!);
        Assert.Equal(["ALL"], Values["securityContext"]!["capabilities"]!["drop"]!.AsArray().Select(c => (string)c!));
        Assert.Null(Values["securityContext"]!["capabilities"]!["add"]);

        // NET_RAW is added in one place, for the collectors' component only.
        var files = Templates().Select(t => t.Data).Where(t => Text(t).Contains("NET_RAW", StringComparison.Ordinal)).ToArray();
        Assert.Empty(files);
        Assert.Matches(@"if and \(eq \.component ""collectors""\) \.values\.addNetRaw \}\}\s*\{\{- \$_ := set \$context\.capabilities ""add"" \(list ""NET_RAW""\)", Helpers);
        Assert.Equal(1, Regex.Count(Helpers, "NET_RAW"));

        var pod = PodTemplate();
        Assert.True(pod["spec"]!.AsObject().ContainsKey("securityContext"));
        Assert.True(pod["spec"]!["containers"]![0]!.AsObject().ContainsKey("securityContext"));
        Assert.Contains("toYaml $root.Values.podSecurityContext", Helpers, StringComparison.Ordinal);
        Assert.Contains("toYaml $context", Helpers, StringComparison.Ordinal);
    }

    [Fact]
    public void Pods_have_health_probes_and_resources()
    {
        var container = PodTemplate()["spec"]!["containers"]![0]!;

        Assert.Equal("/healthz/live", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/healthz/ready", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/healthz/live", (string?)container["startupProbe"]!["httpGet"]!["path"]);
        Assert.Equal(8080, (long)container["ports"]![0]!["containerPort"]!);
        Assert.Contains("toYaml .values.resources", Helpers, StringComparison.Ordinal);
        foreach (var part in new[] { "console", "collectors", "postgresql" })
        {
            var resources = Values[part]!["resources"]!;
            foreach (var bound in new[] { "requests", "limits" })
            {
                Assert.NotNull(resources[bound]!["cpu"]);
                Assert.NotNull(resources[bound]!["memory"]);
            }
        }

        // Writable only where the read-only root file system needs it.
        var mounts = container["volumeMounts"]!.AsArray().Select(m => (string)m!["mountPath"]!).ToArray();
        Assert.Contains("/tmp", mounts);
        Assert.Contains("/var/lib/sotp", mounts);
    }

    [Fact]
    public void A_helm_test_hook_checks_that_the_console_is_ready()
    {
        var test = YamlJson.Parse(WithoutActions(Text(Path.Combine("tests", "test-ready.yaml"))))!;

        Assert.Equal("Pod", (string?)test["kind"]);
        Assert.Equal("test", (string?)test["metadata"]!["annotations"]!["helm.sh/hook"]);
        Assert.Contains("/healthz/ready", test["spec"]!["containers"]![0]!["command"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("' 200 '", Text(Path.Combine("tests", "test-ready.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void Browsers_stay_on_the_console_pod_that_holds_their_circuit()
    {
        Assert.Equal("cookie", (string?)Values["ingress"]!["annotations"]!["nginx.ingress.kubernetes.io/affinity"]);
        Assert.Equal("ClientIP", (string?)YamlJson.Parse(WithoutActions(Text("console-service.yaml")))!["spec"]!["sessionAffinity"]);
    }

    [Fact]
    public void Every_configuration_key_the_chart_sets_is_one_SOTP_reads()
    {
        var keys = new List<string>();
        Collect(Values["sotp"]!, "Sotp", keys);
        var templates = string.Join('\n', Templates().Select(t => Text(t.Data))) + Helpers;
        keys.AddRange(ConfigurationName().Matches(templates).Select(m => m.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal)));

        Assert.Contains("Sotp:Roles", keys);
        Assert.Contains("Sotp:Bootstrap:AdminPassword", keys);
        Assert.Contains("ConnectionStrings:Sotp", keys);
        Assert.All(keys.Distinct(), key => Assert.True(InAppSettingsSchema(key), $"{key} is not in appsettings.schema.json"));
    }

    [Fact]
    public void Dashboards_have_uids_take_their_data_sources_from_variables_and_are_provisioned()
    {
        var dashboards = Directory.GetFiles(Path.Combine(Chart, "dashboards"), "*.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!).ToArray();

        Assert.Equal(["SOTP / Network health", "SOTP / Platform"], dashboards.Select(d => (string)d["title"]!).Order());
        Assert.Equal(dashboards.Length, dashboards.Select(d => (string)d["uid"]!).Where(u => u.Length is > 0 and <= 40).Distinct().Count());
        foreach (var dashboard in dashboards)
        {
            var variables = dashboard["templating"]!["list"]!.AsArray().Where(v => (string)v!["type"]! == "datasource").Select(v => $"${{{v!["name"]}}}").ToHashSet();
            Assert.Contains("${datasource}", variables);
            var sources = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray().Select(t => t!["datasource"]!).Append(p["datasource"]!));
            Assert.All(sources, source => Assert.Contains((string)source["uid"]!, variables));
        }

        var network = dashboards.Single(d => (string)d["uid"]! == "sotp-network-health");
        Assert.All(network["panels"]!.AsArray(), p => Assert.True((long)p!["gridPos"]!["y"]! + (long)p["gridPos"]!["h"]! <= 28, $"{p["title"]} is below a 1080p screen"));
        Assert.Contains("/devices/${__", network.ToJsonString(), StringComparison.Ordinal); // each device links to its SOTP page
        var provisioning = Text("dashboards.yaml");
        Assert.Contains(".Files.Glob \"dashboards/*.json\"", provisioning, StringComparison.Ordinal);
        Assert.Contains("grafana_dashboard: \"1\"", provisioning, StringComparison.Ordinal);
        Assert.True((bool)Values["grafana"]!["sidecar"]!["dashboards"]!["enabled"]!);
    }

    [Fact]
    public void A_trace_opens_its_logs_a_log_line_its_trace_and_an_exemplar_its_trace()
    {
        var sources = Values["grafana"]!["datasources"]!["datasources.yaml"]!["datasources"]!.AsArray().ToDictionary(d => (string)d!["type"]!, d => d!);
        var (tempo, loki, prometheus) = ((string)sources["tempo"]["uid"]!, (string)sources["loki"]["uid"]!, sources["prometheus"]);

        var toLogs = sources["tempo"]["jsonData"]!["tracesToLogsV2"]!;
        Assert.Equal(loki, (string)toLogs["datasourceUid"]!);
        Assert.True((bool)toLogs["filterByTraceID"]!);
        var toTrace = Assert.Single(sources["loki"]["jsonData"]!["derivedFields"]!.AsArray())!;
        Assert.Equal((tempo, "label", "trace_id"), ((string)toTrace["datasourceUid"]!, (string)toTrace["matcherType"]!, (string)toTrace["matcherRegex"]!));
        Assert.Equal(tempo, (string)prometheus["jsonData"]!["exemplarTraceIdDestinations"]![0]!["datasourceUid"]!);

        // Loki's labels: the resource's few (service, namespace, pod) and SOTP's role; the trace id stays metadata.
        var indexed = Values["loki"]!["loki"]!["limits_config"]!["otlp_config"]!["resource_attributes"]!["attributes_config"]!.AsArray()
            .Where(a => (string)a!["action"]! == "index_label").SelectMany(a => a!["attributes"]!.AsArray().Select(x => (string)x!)).ToArray();
        Assert.Contains("sotp.roles", indexed);
        Assert.DoesNotContain(indexed, a => a.Contains("trace", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("k8s.pod.name=$(POD_NAME)", Helpers, StringComparison.Ordinal);
    }

    [Fact]
    public void The_metrics_port_is_scraped_by_prometheus_only_and_never_behind_the_service_or_ingress()
    {
        var port = (long)Values["observability"]!["metricsPort"]!;
        var container = PodTemplate()["spec"]!["containers"]![0]!;

        Assert.Contains(container["ports"]!.AsArray(), p => (string)p!["name"]! == "metrics");
        Assert.Contains("prometheus.io/scrape: \"true\"", Helpers, StringComparison.Ordinal);
        Assert.Contains("Sotp__Observability__MetricsPort", Helpers, StringComparison.Ordinal);
        var policies = Text("networkpolicy.yaml");
        Assert.Equal(2, Regex.Count(policies, @"app\.kubernetes\.io/name: prometheus\s+app\.kubernetes\.io/instance: \{\{ \.Release\.Name \}\}\s+ports:\s+- port: \{\{ \.Values\.observability\.metricsPort \}\}"));
        Assert.DoesNotContain("metrics", Text("console-service.yaml"), StringComparison.Ordinal);
        Assert.DoesNotContain("metrics", Text("ingress.yaml"), StringComparison.Ordinal);
        Assert.NotEqual(8080L, port);
    }

    [Fact]
    public void Values_hold_no_secret()
    {
        var found = new List<string>();
        FindSecrets(Values, "", found);

        Assert.Empty(found);
    }

    [LabTest]
    [Fact]
    public async Task Yamllint_passes_the_chart_files_that_are_plain_yaml()
    {
        var yamllint = LabRequirement.FindExecutable("/usr/bin/yamllint", "/usr/local/bin/yamllint");
        LabRequirement.Require(yamllint is not null, "yamllint (Debian package yamllint) not found");

        var output = await LabProcess.RunAsync(yamllint!, ["--strict", "-c", RepositoryFiles.Path("helm", ".yamllint"),
            Path.Combine(Chart, "Chart.yaml"), Path.Combine(Chart, "values.yaml")]);

        Assert.Equal("", output.Trim());
    }

    /// <summary>Template comments and lines made only of actions go; an action inside a line becomes a scalar.</summary>
    private static string WithoutActions(string template)
    {
        var text = Comment().Replace(template, "");
        var lines = text.Split('\n').Where(l => !OnlyActions().IsMatch(l)).Select(l => Action().Replace(l, "TEMPLATE"));
        return string.Join('\n', lines);
    }

    /// <summary>The pod both Deployments share, from its definition in _helpers.tpl.</summary>
    private static JsonNode PodTemplate()
    {
        var start = Helpers.IndexOf("{{- define \"sotp.podTemplate\" -}}", StringComparison.Ordinal);
        var end = Helpers.IndexOf("{{/* Vault Agent injector", start, StringComparison.Ordinal);
        return YamlJson.Parse(WithoutActions(Helpers[start..end]))!;
    }

    private static string Text(string template) => File.ReadAllText(Path.Combine(Chart, "templates", template));

    private static void Collect(JsonNode node, string path, List<string> keys)
    {
        if (node is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                Collect(value!, $"{path}:{key}", keys);
            }
        }
        else
        {
            keys.Add(path);
        }
    }

    private static bool InAppSettingsSchema(string key)
    {
        JsonNode? node = AppSettingsSchema;
        foreach (var part in key.Split(':'))
        {
            node = node?["properties"]?[part];
        }

        return node is not null;
    }

    // A key that names a secret may hold a Secret's name or a Vault path, never the secret itself.
    private static void FindSecrets(JsonNode? node, string path, List<string> found)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    FindSecrets(value, $"{path}/{key}", found);
                }

                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    FindSecrets(item, path, found);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                var name = path[(path.LastIndexOf('/') + 1)..];
                var allowed = name is "existingSecret" or "secretName" or "connectionStringKey" || path.StartsWith("/secrets/vault/", StringComparison.Ordinal);
                if ((SecretName().IsMatch(name) && !allowed && text.Length > 0) || text.Contains("Password=", StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(path);
                }

                break;
        }
    }

    [GeneratedRegex(@"\{\{-?\s*/\*.*?\*/\s*-?\}\}", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^\s*(\{\{.*?\}\}\s*)+$")]
    private static partial Regex OnlyActions();

    [GeneratedRegex(@"\{\{.*?\}\}")]
    private static partial Regex Action();

    [GeneratedRegex(@"(?:name:\s*|agent-inject-secret-|path:\s*)((?:Sotp|ConnectionStrings)__[A-Za-z_]+)")]
    private static partial Regex ConfigurationName();

    [GeneratedRegex("(?i)(password|passphrase|secret|token|credential|apikey|privatekey)")]
    private static partial Regex SecretName();

    private static string Describe(EvaluationResults result) =>
        string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Select(e => $"{e.Key} {e.Value}"))}"));
}
