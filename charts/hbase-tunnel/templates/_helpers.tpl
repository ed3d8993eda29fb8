{{- define "hbase-tunnel.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "hbase-tunnel.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else if contains (include "hbase-tunnel.name" .) .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "hbase-tunnel.name" .) | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "hbase-tunnel.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "hbase-tunnel.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* selector labels of one component: (dict "root" $ "component" "operator") */}}
{{- define "hbase-tunnel.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hbase-tunnel.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "hbase-tunnel.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "hbase-tunnel.workerImage" -}}
{{- default (include "hbase-tunnel.image" .) .Values.worker.image -}}
{{- end -}}

{{- define "hbase-tunnel.operatorServiceAccount" -}}
{{- printf "%s-operator" (include "hbase-tunnel.fullname" .) -}}
{{- end -}}

{{- define "hbase-tunnel.gatewayServiceAccount" -}}
{{- printf "%s-gateway" (include "hbase-tunnel.fullname" .) -}}
{{- end -}}

{{- define "hbase-tunnel.workerServiceAccount" -}}
{{- default (printf "%s-worker" (include "hbase-tunnel.fullname" .)) .Values.worker.serviceAccount.name -}}
{{- end -}}

{{/* Non-root, read-only root filesystem: the JVM writes only to /tmp (an emptyDir). */}}
{{- define "hbase-tunnel.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "hbase-tunnel.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
{{- end -}}
