{{/* The name of the operator's objects; the kustomize base uses the default. */}}
{{- define "schemahero.name" -}}
{{- default "schemahero-operator" .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "schemahero.selectorLabels" -}}
app.kubernetes.io/name: schemahero
app.kubernetes.io/component: operator
{{- end -}}

{{- define "schemahero.labels" -}}
{{ include "schemahero.selectorLabels" . }}
app.kubernetes.io/part-of: schemahero
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "schemahero.image" -}}
{{- $tag := .Values.image.tag | default (ternary .Chart.AppVersion (printf "%s-all" .Chart.AppVersion) .Values.plugins.enabled) -}}
{{- printf "%s/%s:%s" .Values.registry .Values.image.repository $tag -}}
{{- end -}}
