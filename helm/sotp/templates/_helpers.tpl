{{/* Names and labels shared by every SOTP template. */}}

{{- define "sotp.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sotp.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "sotp.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "sotp.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "sotp.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "sotp.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sotp
{{- end -}}

{{/* Selector of one component: console, collectors or postgresql. Call with (dict "root" . "component" "console"). */}}
{{- define "sotp.selector" -}}
app.kubernetes.io/name: {{ include "sotp.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "sotp.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "sotp.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sotp.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "sotp.secretName" -}}
{{- default (printf "%s-secrets" (include "sotp.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "sotp.postgresqlName" -}}
{{- printf "%s-postgresql" (include "sotp.fullname" .) -}}
{{- end -}}

{{/*
The pod of a SOTP process (console or collectors): same image, same configuration and secrets, its own role.
Call with (dict "root" . "component" "console" "role" "Console" "values" .Values.console).
*/}}
{{- define "sotp.podTemplate" -}}
{{- $root := .root -}}
metadata:
  labels:
    {{- include "sotp.labels" $root | nindent 4 }}
    {{- include "sotp.selector" (dict "root" $root "component" .component) | nindent 4 }}
  annotations:
    checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    prometheus.io/scrape: "true"
    prometheus.io/port: {{ $root.Values.observability.metricsPort | quote }}
    prometheus.io/path: /metrics
    {{- with .values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    {{- if $root.Values.secrets.vault.enabled }}
    {{- include "sotp.vaultAnnotations" $root | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "sotp.serviceAccountName" $root }}
  automountServiceAccountToken: {{ or $root.Values.serviceAccount.automount $root.Values.secrets.vault.enabled }}
  {{- with $root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml $root.Values.podSecurityContext | nindent 4 }}
    {{- if and (eq .component "collectors") .values.pingGroupRange }}
    sysctls:
      - name: net.ipv4.ping_group_range
        value: "0 2147483647"
    {{- end }}
  containers:
    - name: sotp
      image: {{ include "sotp.image" $root }}
      imagePullPolicy: {{ $root.Values.image.pullPolicy }}
      securityContext:
        {{- $context := deepCopy $root.Values.securityContext }}
        {{- if and (eq .component "collectors") .values.addNetRaw }}
        {{- $_ := set $context.capabilities "add" (list "NET_RAW") }}
        {{- end }}
        {{- toYaml $context | nindent 8 }}
      ports:
        - name: http
          containerPort: 8080
          protocol: TCP
        - name: metrics
          containerPort: {{ $root.Values.observability.metricsPort }}
          protocol: TCP
        {{- if eq .component "collectors" }}
        - name: syslog-udp
          containerPort: 5514
          protocol: UDP
        - name: syslog-tcp
          containerPort: 5514
          protocol: TCP
        - name: syslog-tls
          containerPort: 6514
          protocol: TCP
        - name: snmp-trap
          containerPort: 16162
          protocol: UDP
        {{- end }}
      env:
        - name: Sotp__Roles
          value: {{ .role }}
        - name: Sotp__Database__Provider
          value: PostgreSql
        {{- include "sotp.observabilityEnv" $root | nindent 8 }}
        {{- if and (eq .component "collectors") .values.ingest.syslogTlsSecretName }}
        - name: Sotp__Syslog__TlsCertificatePath
          value: /run/secrets/syslog-tls/tls.crt
        - name: Sotp__Syslog__TlsKeyPath
          value: /run/secrets/syslog-tls/tls.key
        {{- end }}
        - name: Sotp__Secrets__KeyEncryptionKey
          value: {{ ternary "secret://file/vault/secrets/key-encryption-key" "secret://file/run/secrets/sotp-kek/key-encryption-key" $root.Values.secrets.vault.enabled }}
        {{- if $root.Values.secrets.vault.enabled }}
        - name: SOTP_SECRETS_DIR
          value: /vault/secrets
        {{- end }}
        {{- if eq $root.Values.database.mode "builtin" }}
        - name: SOTP_DATABASE_PASSWORD
          valueFrom:
            secretKeyRef:
              name: {{ include "sotp.secretName" $root }}
              key: database-password
        - name: ConnectionStrings__Sotp
          value: "Host={{ include "sotp.postgresqlName" $root }};Port=5432;Database={{ $root.Values.postgresql.database }};Username={{ $root.Values.postgresql.username }};Password=$(SOTP_DATABASE_PASSWORD)"
        {{- end }}
      startupProbe:
        httpGet:
          path: /healthz/live
          port: http
        periodSeconds: 5
        failureThreshold: 60
      livenessProbe:
        httpGet:
          path: /healthz/live
          port: http
        periodSeconds: 10
        timeoutSeconds: 3
        failureThreshold: 3
      readinessProbe:
        httpGet:
          path: /healthz/ready
          port: http
        periodSeconds: 10
        timeoutSeconds: 5
        failureThreshold: 3
      resources:
        {{- toYaml .values.resources | nindent 8 }}
      volumeMounts:
        - name: config
          mountPath: /app/appsettings.Production.json
          subPath: appsettings.Production.json
          readOnly: true
        - name: tmp
          mountPath: /tmp
        - name: data
          mountPath: /var/lib/sotp
        {{- if and (eq .component "collectors") .values.ingest.syslogTlsSecretName }}
        - name: syslog-tls
          mountPath: /run/secrets/syslog-tls
          readOnly: true
        {{- end }}
        {{- if not $root.Values.secrets.vault.enabled }}
        - name: secrets
          mountPath: /run/secrets/sotp
          readOnly: true
        - name: key-encryption-key
          mountPath: /run/secrets/sotp-kek
          readOnly: true
        {{- end }}
  volumes:
    - name: config
      configMap:
        name: {{ include "sotp.fullname" $root }}-config
    - name: tmp
      emptyDir:
        medium: Memory
        sizeLimit: 64Mi
    - name: data
      emptyDir:
        sizeLimit: 256Mi
    {{- if and (eq .component "collectors") .values.ingest.syslogTlsSecretName }}
    - name: syslog-tls
      secret:
        secretName: {{ .values.ingest.syslogTlsSecretName }}
    {{- end }}
    {{- if not $root.Values.secrets.vault.enabled }}
    - name: secrets
      projected:
        sources:
          - secret:
              name: {{ include "sotp.secretName" $root }}
              items:
                - key: admin-password
                  path: Sotp__Bootstrap__AdminPassword
          {{- if eq $root.Values.database.mode "external" }}
          - secret:
              name: {{ required "database.external.existingSecret is needed with database.mode external" $root.Values.database.external.existingSecret }}
              items:
                - key: {{ $root.Values.database.external.connectionStringKey }}
                  path: ConnectionStrings__Sotp
          {{- end }}
    - name: key-encryption-key
      secret:
        secretName: {{ include "sotp.secretName" $root }}
        items:
          - key: key-encryption-key
            path: key-encryption-key
    {{- end }}
  {{- with .values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* Vault Agent injector: each secret becomes a file in /vault/secrets, named as SOTP reads it. */}}
{{- define "sotp.vaultAnnotations" -}}
{{- $vault := .Values.secrets.vault -}}
vault.hashicorp.com/agent-inject: "true"
vault.hashicorp.com/role: {{ $vault.role | quote }}
vault.hashicorp.com/agent-pre-populate-only: "false"
vault.hashicorp.com/agent-inject-secret-Sotp__Bootstrap__AdminPassword: {{ $vault.adminPassword.path | quote }}
vault.hashicorp.com/agent-inject-template-Sotp__Bootstrap__AdminPassword: |
  {{ printf "{{- with secret %q -}}{{ .Data.data.%s }}{{- end -}}" $vault.adminPassword.path $vault.adminPassword.field }}
vault.hashicorp.com/agent-inject-secret-key-encryption-key: {{ $vault.keyEncryptionKey.path | quote }}
vault.hashicorp.com/agent-inject-template-key-encryption-key: |
  {{ printf "{{- with secret %q -}}{{ .Data.data.%s }}{{- end -}}" $vault.keyEncryptionKey.path $vault.keyEncryptionKey.field }}
{{- if eq .Values.database.mode "external" }}
vault.hashicorp.com/agent-inject-secret-ConnectionStrings__Sotp: {{ $vault.connectionString.path | quote }}
vault.hashicorp.com/agent-inject-template-ConnectionStrings__Sotp: |
  {{ printf "{{- with secret %q -}}{{ .Data.data.%s }}{{- end -}}" $vault.connectionString.path $vault.connectionString.field }}
{{- end }}
{{- end -}}

{{/* Where SOTP's traces and logs go: the endpoints given, else this release's Tempo and Loki when enabled. */}}
{{- define "sotp.otlpEndpoint" -}}
{{- if .Values.observability.otlpEndpoint -}}
{{- .Values.observability.otlpEndpoint -}}
{{- else if .Values.tempo.enabled -}}
{{- printf "http://%s-tempo:4317" .Release.Name -}}
{{- end -}}
{{- end -}}

{{- define "sotp.otlpLogsEndpoint" -}}
{{- if .Values.observability.otlpLogsEndpoint -}}
{{- .Values.observability.otlpLogsEndpoint -}}
{{- else if .Values.loki.enabled -}}
{{- printf "http://%s-loki:3100/otlp/v1/logs" .Release.Name -}}
{{- end -}}
{{- end -}}

{{/*
SOTP's own telemetry: the management port, the OTLP receivers, the pod, namespace and node as resource
attributes (Loki's labels), and trace ids as links to Grafana Explore on Tempo.
*/}}
{{- define "sotp.observabilityEnv" -}}
- name: Sotp__Observability__MetricsPort
  value: {{ .Values.observability.metricsPort | quote }}
{{- with (include "sotp.otlpEndpoint" .) }}
- name: Sotp__Observability__OtlpEndpoint
  value: {{ . | quote }}
{{- end }}
{{- with (include "sotp.otlpLogsEndpoint" .) }}
- name: Sotp__Observability__OtlpLogsEndpoint
  value: {{ . | quote }}
{{- end }}
{{- with .Values.observability.grafanaUrl }}
- name: Sotp__Observability__TraceUrlTemplate
  value: {{ printf "%s/explore?schemaVersion=1&orgId=1&panes=%%7B%%22t%%22%%3A%%7B%%22datasource%%22%%3A%%22tempo%%22%%2C%%22queries%%22%%3A%%5B%%7B%%22refId%%22%%3A%%22A%%22%%2C%%22queryType%%22%%3A%%22traceql%%22%%2C%%22query%%22%%3A%%22{traceId}%%22%%7D%%5D%%2C%%22range%%22%%3A%%7B%%22from%%22%%3A%%22now-24h%%22%%2C%%22to%%22%%3A%%22now%%22%%7D%%7D%%7D" (trimSuffix "/" .) | quote }}
{{- end }}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: NODE_NAME
  valueFrom:
    fieldRef:
      fieldPath: spec.nodeName
- name: OTEL_RESOURCE_ATTRIBUTES
  value: "k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE),k8s.node.name=$(NODE_NAME)"
{{- end -}}
