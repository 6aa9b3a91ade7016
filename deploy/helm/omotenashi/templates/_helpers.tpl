{{/*
Names. fullname is the prefix of every object: <release> when it already contains the chart name,
else <release>-<chart>; truncated so that the longest suffix used here still fits in 63 characters.
*/}}
{{- define "omotenashi.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "omotenashi.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 36 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 36 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 36 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "omotenashi.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "omotenashi.labels" -}}
helm.sh/chart: {{ include "omotenashi.chart" . }}
{{ include "omotenashi.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: omotenashi-connect
{{- end -}}

{{- define "omotenashi.selectorLabels" -}}
app.kubernetes.io/name: {{ include "omotenashi.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
Per-role names and labels. Every per-role helper takes a dict:
  root (the chart's top context), svcName, svc (its values), roleName, role (its values).
*/}}
{{- define "omotenashi.roleName" -}}
{{- printf "%s-%s-%s" (include "omotenashi.fullname" .root) .svcName .roleName -}}
{{- end -}}

{{/* The Service of a server role: the DNS name clients use (<release>-<service>). */}}
{{- define "omotenashi.serviceName" -}}
{{- printf "%s-%s" (include "omotenashi.fullname" .root) .svcName -}}
{{- end -}}

{{- define "omotenashi.roleSelectorLabels" -}}
{{ include "omotenashi.selectorLabels" .root }}
app.kubernetes.io/component: {{ printf "%s-%s" .svcName .roleName }}
{{- end -}}

{{- define "omotenashi.roleLabels" -}}
{{ include "omotenashi.labels" .root }}
app.kubernetes.io/component: {{ printf "%s-%s" .svcName .roleName }}
omotenashi.io/service: {{ .svcName }}
omotenashi.io/role: {{ .roleName }}
{{- end -}}

{{/* The image reference: a digest pins it, else the tag (default: the chart's appVersion). */}}
{{- define "omotenashi.image" -}}
{{- $image := .Values.image -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $image.repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $image.repository (toString ($image.tag | default .Chart.AppVersion)) -}}
{{- end -}}
{{- end -}}

{{- define "omotenashi.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "omotenashi.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Name of the Secret holding DATABASE_URL, REDIS_URL and NATS_URL. */}}
{{- define "omotenashi.connectionSecretName" -}}
{{- if .Values.secrets.create -}}
{{- printf "%s-connections" (include "omotenashi.fullname" .) -}}
{{- else -}}
{{- required "secrets.existingSecret: name the Secret holding DATABASE_URL, REDIS_URL and NATS_URL (or set secrets.create for development)" .Values.secrets.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "omotenashi.configMapName" -}}
{{- printf "%s-config" (include "omotenashi.fullname" .) -}}
{{- end -}}

{{/* DB_POOL_MIN / DB_POOL_MAX for the configured environment. */}}
{{- define "omotenashi.poolSize" -}}
{{- $sizes := index .Values.database.poolSizes .Values.environment -}}
{{- if gt (int $sizes.min) (int $sizes.max) -}}
{{- fail (printf "database.poolSizes.%s: min (%v) is above max (%v)" .Values.environment $sizes.min $sizes.max) -}}
{{- end -}}
{{- toYaml $sizes -}}
{{- end -}}

{{/*
The non-secret environment of every process, as a flat map of strings. The ConfigMap renders it;
the migration Jobs (which run before the ConfigMap exists on a first install) inline it.
*/}}
{{- define "omotenashi.configData" -}}
{{- $fullname := include "omotenashi.fullname" . -}}
{{- $pool := include "omotenashi.poolSize" . | fromYaml -}}
NODE_ENV: {{ .Values.environment | quote }}
LOG_LEVEL: {{ .Values.logLevel | quote }}
REDIS_KEY_PREFIX: {{ .Values.config.redisKeyPrefix | quote }}
EVENTS_NAMESPACE: {{ .Values.config.eventsNamespace | quote }}
METRICS_HOST: "0.0.0.0"
METRICS_PORT: {{ .Values.config.metricsPort | int | quote }}
GRPC_HOST: "0.0.0.0"
HOST: "0.0.0.0"
SHUTDOWN_TIMEOUT_MS: {{ .Values.config.shutdownTimeoutMs | int | quote }}
GRPC_DEADLINE_MS: {{ .Values.config.grpcDeadlineMs | int | quote }}
DB_POOL_MIN: {{ $pool.min | int | quote }}
DB_POOL_MAX: {{ $pool.max | int | quote }}
DB_PREPARED_STATEMENTS: {{ .Values.database.preparedStatements | ternary "true" "false" | quote }}
{{- range $svcName := list "catalog" "booking" "payment" "analytics" }}
{{- $svc := index $.Values.services $svcName }}
{{ upper $svcName }}_GRPC_URL: {{ printf "%s-%s:%d" $fullname $svcName (int $svc.port) | quote }}
{{- end }}
{{- $gateway := .Values.services.gateway }}
PAYMENT_SANDBOX_WEBHOOK_URL: {{ printf "http://%s-gateway:%d/v1/payments/webhooks/sandbox" $fullname (int $gateway.port) | quote }}
{{- range $name, $value := .Values.config.extraEnv }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/*
Secret-backed environment of one service's processes (dict: root, svcName, svc, and optionally
databaseSecret to override DATABASE_URL, as the migration Jobs do).
*/}}
{{- define "omotenashi.secretEnv" -}}
{{- $root := .root -}}
{{- $secretName := include "omotenashi.connectionSecretName" $root -}}
{{- $keys := $root.Values.secrets.keys -}}
{{- $db := dict "name" $secretName "key" $keys.databaseUrl -}}
{{- if and .svc.databaseSecret .svc.databaseSecret.name -}}
{{- $db = .svc.databaseSecret -}}
{{- end -}}
{{- if and .databaseSecret .databaseSecret.name -}}
{{- $db = .databaseSecret -}}
{{- end -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $db.name }}
      key: {{ $db.key }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secretName }}
      key: {{ $keys.redisUrl }}
- name: NATS_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secretName }}
      key: {{ $keys.natsUrl }}
{{- range $name, $ref := .svc.secretEnv }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $ref.name }}
      key: {{ $ref.key }}
{{- end }}
{{- end -}}

{{/* The listening port of a service's own protocol: GRPC_PORT for gRPC services, PORT for the gateway. */}}
{{- define "omotenashi.portEnv" -}}
{{- if eq .svc.protocol "grpc" -}}
- name: GRPC_PORT
  value: {{ .svc.port | int | quote }}
{{- else -}}
- name: PORT
  value: {{ .svc.port | int | quote }}
{{- end -}}
{{- end -}}

{{/* Container security context: non-root, read-only root filesystem, no capabilities, no escalation. */}}
{{- define "omotenashi.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "omotenashi.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
Grace period: the preStop sleep (servers) + the drain budget rounded up to whole seconds + a margin,
so Kubernetes never SIGKILLs a process that is still inside SHUTDOWN_TIMEOUT_MS.
*/}}
{{- define "omotenashi.terminationGracePeriod" -}}
{{- $root := .root -}}
{{- $drain := div (add (int $root.Values.config.shutdownTimeoutMs) 999) 1000 -}}
{{- $preStop := 0 -}}
{{- if eq .roleName "server" -}}
{{- $preStop = int $root.Values.lifecycle.preStopSleepSeconds -}}
{{- end -}}
{{- add $preStop $drain (int $root.Values.lifecycle.extraGraceSeconds) -}}
{{- end -}}

{{/* Validates cross-field rules the schema cannot express; renders nothing. */}}
{{- define "omotenashi.validate" -}}
{{- $t := .Values.monitoring.prometheusRule.thresholds -}}
{{- if gt (float64 $t.latencyP95WarningSeconds) (float64 $t.latencyP95CriticalSeconds) -}}
{{- fail "monitoring.prometheusRule.thresholds: latencyP95WarningSeconds must not exceed latencyP95CriticalSeconds" -}}
{{- end -}}
{{- if gt (float64 $t.errorRateWarning) (float64 $t.errorRateCritical) -}}
{{- fail "monitoring.prometheusRule.thresholds: errorRateWarning must not exceed errorRateCritical" -}}
{{- end -}}
{{- if gt (int $t.queueBacklogWarning) (int $t.queueBacklogCritical) -}}
{{- fail "monitoring.prometheusRule.thresholds: queueBacklogWarning must not exceed queueBacklogCritical" -}}
{{- end -}}
{{- if gt (float64 $t.outboxLagWarningSeconds) (float64 $t.outboxLagCriticalSeconds) -}}
{{- fail "monitoring.prometheusRule.thresholds: outboxLagWarningSeconds must not exceed outboxLagCriticalSeconds" -}}
{{- end -}}
{{- range $svcName, $svc := .Values.services -}}
{{- range $roleName, $role := $svc.roles -}}
{{- if and $svc.enabled $role.enabled $role.autoscaling.enabled -}}
{{- if gt (int $role.autoscaling.minReplicas) (int $role.autoscaling.maxReplicas) -}}
{{- fail (printf "services.%s.roles.%s.autoscaling: minReplicas is above maxReplicas" $svcName $roleName) -}}
{{- end -}}
{{- end -}}
{{- if $role.dbPool -}}
{{- if gt (int $role.dbPool.min) (int $role.dbPool.max) -}}
{{- fail (printf "services.%s.roles.%s.dbPool: min is above max" $svcName $roleName) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
