{{/* Name of the chart's objects: the release name, with the chart name when the release name lacks it. */}}
{{- define "tracejob.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "tracejob.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tracejob.labels" -}}
app.kubernetes.io/name: {{ include "tracejob.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "tracejob.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tracejob.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "tracejob.serviceAccountName" -}}
{{- default (include "tracejob.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "tracejob.operatorImage" -}}
{{- printf "%s:%s" .Values.images.operator.repository .Values.images.operator.tag -}}
{{- end -}}

{{- define "tracejob.agentImage" -}}
{{- printf "%s:%s" .Values.images.agent.repository .Values.images.agent.tag -}}
{{- end -}}

{{/* The agent namespace must differ from the release namespace: its Pod Security level is privileged. */}}
{{- define "tracejob.agentNamespace" -}}
{{- if eq .Values.agentNamespace.name .Release.Namespace -}}
{{- fail (printf "agentNamespace.name: %q is the release namespace; agent pods need a namespace of their own (Pod Security privileged)" .Values.agentNamespace.name) -}}
{{- end -}}
{{- .Values.agentNamespace.name -}}
{{- end -}}
