import { CONFIG_FILE_NAME, type HookscopeConfig } from '@hookscope/config';
import { DASHBOARD_UIDS } from '../dashboard-uids.js';
import { GENERATED_MARKER } from '../generated-file.js';
import type { GeneratedFile } from '../generated-file.js';

export const TEMPLATES_DIR = 'alertmanager/templates';
export const TEMPLATES_PATH = `${TEMPLATES_DIR}/hookscope.tmpl`;

const TIME = '"2006-01-02 15:04:05 MST"';

/**
 * The notification templates (Go templates, as Alertmanager reads them): the Slack message and
 * the HTML (and plain text) email. Every alert shows its summary, its description (which holds
 * the value), the hook or instance, since when, and links to its runbook section and to the
 * Grafana dashboard of its hook (or cache, process type, ...). Text fields use text/template, the
 * HTML body html/template, which escapes values for their place in the page itself.
 */
export function renderNotificationTemplates(config: HookscopeConfig): GeneratedFile {
  const grafana = config.alerts.grafana_url.replace(/\/+$/, '');
  const dashboardLink = (html: boolean) => dashboardUrl(grafana, html);
  const after = config.alerts.escalate_after;
  const content = `{{/* ${GENERATED_MARKER} from ${CONFIG_FILE_NAME}: do not edit; change the config and regenerate. */}}

{{/* Title of a notification: state, count, alert name and severity. */}}
{{ define "hookscope.title" -}}
{{ if eq .Status "firing" -}}
[{{ if eq .CommonLabels.escalation "true" }}ESCALATED{{ else }}FIRING{{ end }}:{{ .Alerts.Firing | len }}]
{{- else -}}
[RESOLVED]
{{- end }} {{ with .CommonLabels.alertname }}{{ . }}{{ else }}hookscope alerts{{ end }}
{{- with .CommonLabels.severity }} ({{ . }}){{ end }}
{{- end }}

{{/* The Grafana dashboard of one alert, by the labels that say what it is about. */}}
{{ define "hookscope.dashboard_url" }}${dashboardLink(false)}{{ end }}

{{/* Said on escalations while they fire (a resolved escalation is just resolved). */}}
{{ define "hookscope.escalation_note" -}}
{{ if and (eq .Status "firing") (eq .CommonLabels.escalation "true") }}Escalated: still critical ${after} after it fired.{{ end }}
{{- end }}

{{/* Slack */}}
{{ define "hookscope.slack.color" -}}
{{ if eq .Status "resolved" }}good{{ else if eq .CommonLabels.severity "critical" }}danger{{ else }}warning{{ end }}
{{- end }}

{{ define "hookscope.slack.title" }}{{ template "hookscope.title" . }}{{ end }}

{{ define "hookscope.slack.title_link" }}{{ .ExternalURL }}/#/alerts{{ end }}

{{ define "hookscope.slack.text" -}}
{{ if and (eq .Status "firing") .CommonLabels.escalation }}*{{ template "hookscope.escalation_note" . }}*
{{ end -}}
{{ range .Alerts -}}
{{ if eq .Status "firing" }}:red_circle:{{ else }}:large_green_circle:{{ end }} *{{ .Annotations.summary }}*
{{ .Annotations.description }}
{{ if .Labels.hook_name }}Hook: \`{{ .Labels.hook_event }} {{ .Labels.hook_name }}\`{{ else if .Labels.instance }}Instance: \`{{ .Labels.instance }}\`{{ end }}{{ if .Labels.host }} · Machine: \`{{ .Labels.host }}\`{{ if .Labels.team }} (team {{ .Labels.team }}){{ end }}{{ end }}
{{- if eq .Status "firing" }} · since {{ .StartsAt.Format ${TIME} }}{{ else }} · resolved {{ .EndsAt.Format ${TIME} }}{{ end }}
<{{ .Annotations.runbook_url }}|Runbook> · <{{ template "hookscope.dashboard_url" . }}|Dashboard>
{{ end -}}
{{- end }}

{{/* Email */}}
{{ define "hookscope.email.subject" }}[hookscope] {{ template "hookscope.title" . }}{{ end }}

{{ define "hookscope.email.text" -}}
{{ template "hookscope.title" . }}
{{ if and (eq .Status "firing") .CommonLabels.escalation }}{{ template "hookscope.escalation_note" . }}
{{ end }}
{{ range .Alerts -}}
{{ .Labels.alertname }} ({{ .Labels.severity }}) {{ .Status }}
  {{ .Annotations.summary }}
  {{ .Annotations.description }}
{{ if .Labels.hook_name }}  Hook: {{ .Labels.hook_event }} {{ .Labels.hook_name }}
{{ else if .Labels.instance }}  Instance: {{ .Labels.instance }}
{{ end -}}
{{ if .Labels.host }}  Machine: {{ .Labels.host }}{{ if .Labels.team }} (team {{ .Labels.team }}){{ end }}
{{ end -}}
{{ if eq .Status "firing" }}  Since: {{ .StartsAt.Format ${TIME} }}{{ else }}  Resolved: {{ .EndsAt.Format ${TIME} }}{{ end }}
  Runbook: {{ .Annotations.runbook_url }}
  Dashboard: {{ template "hookscope.dashboard_url" . }}

{{ end -}}
Alertmanager: {{ .ExternalURL }}
{{- end }}

{{ define "hookscope.email.html" -}}
<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>{{ template "hookscope.title" . }}</title></head>
<body style="font-family: Helvetica, Arial, sans-serif; color: #1f2328; max-width: 720px;">
<h2 style="color: {{ if eq .Status "resolved" }}#1a7f37{{ else if eq .CommonLabels.severity "critical" }}#cf222e{{ else }}#bc4c00{{ end }};">{{ template "hookscope.title" . }}</h2>
{{ if and (eq .Status "firing") .CommonLabels.escalation }}<p><strong>{{ template "hookscope.escalation_note" . }}</strong></p>
{{ end -}}
{{ range .Alerts -}}
<table cellpadding="6" style="border-collapse: collapse; margin-bottom: 16px; border: 1px solid #d0d7de; width: 100%;">
<tr><th align="left" width="110">Alert</th><td><strong>{{ .Labels.alertname }}</strong> ({{ .Labels.severity }}{{ if eq .Labels.escalation "true" }}, escalated{{ end }}): {{ .Status }}</td></tr>
<tr><th align="left">Summary</th><td>{{ .Annotations.summary }}</td></tr>
<tr><th align="left">Details</th><td>{{ .Annotations.description }}</td></tr>
{{ if .Labels.hook_name }}<tr><th align="left">Hook</th><td>{{ .Labels.hook_event }} {{ .Labels.hook_name }}</td></tr>
{{ else if .Labels.instance }}<tr><th align="left">Instance</th><td>{{ .Labels.instance }}</td></tr>
{{ end -}}
{{ if .Labels.host }}<tr><th align="left">Machine</th><td>{{ .Labels.host }}{{ if .Labels.team }} (team {{ .Labels.team }}){{ end }}</td></tr>
{{ end -}}
{{ if eq .Status "firing" }}<tr><th align="left">Since</th><td>{{ .StartsAt.Format ${TIME} }}</td></tr>
{{ else }}<tr><th align="left">Resolved</th><td>{{ .EndsAt.Format ${TIME} }}</td></tr>
{{ end -}}
<tr><th align="left">Links</th><td><a href="{{ .Annotations.runbook_url }}">Runbook</a> · <a href="${dashboardLink(true)}">Dashboard</a></td></tr>
</table>
{{ end -}}
<p style="color: #656d76;">Sent by <a href="{{ .ExternalURL }}">Alertmanager</a> for hookscope.</p>
</body>
</html>
{{- end }}
`;
  return { path: TEMPLATES_PATH, content };
}

/**
 * Which dashboard an alert links to, first match wins: the label it is about, the dashboard,
 * and the labels passed on as its template variables (those dashboards filter by them).
 */
const DASHBOARD_BY_LABEL: readonly { label: string; uid: string; vars?: readonly string[] }[] = [
  { label: 'hook_name', uid: DASHBOARD_UIDS.hookDetail, vars: ['hook_event', 'hook_name'] },
  { label: 'process_type', uid: DASHBOARD_UIDS.conversations },
  { label: 'validator', uid: DASHBOARD_UIDS.agentsValidators },
  { label: 'agent', uid: DASHBOARD_UIDS.agentsValidators },
  { label: 'cache', uid: DASHBOARD_UIDS.testing },
  { label: 'suite', uid: DASHBOARD_UIDS.testing },
  { label: 'strategy', uid: DASHBOARD_UIDS.testing },
  { label: 'instance', uid: DASHBOARD_UIDS.hostCollector },
];

/**
 * The dashboard URL of one alert as a Go template expression. In text, variables are
 * query-escaped with urlquery; html/template escapes them by itself (and rejects urlquery).
 */
function dashboardUrl(grafana: string, html: boolean): string {
  const amp = html ? '&amp;' : '&';
  const value = (l: string) => (html ? `{{ .Labels.${l} }}` : `{{ .Labels.${l} | urlquery }}`);
  const branches = DASHBOARD_BY_LABEL.map(({ label, uid, vars = [] }, i) => {
    const query = vars.map((v) => `var-${v}=${value(v)}`).join(amp);
    return `{{ ${i ? 'else if' : 'if'} .Labels.${label} }}${grafana}/d/${uid}${query ? `?${query}` : ''}`;
  });
  return `${branches.join('')}{{ else }}${grafana}/d/${DASHBOARD_UIDS.alertsSlos}{{ end }}`;
}
