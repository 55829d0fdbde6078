// `--format github`: GitHub Actions workflow commands, which become annotations on the pull
// request's files: `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
import type { LineIndex } from '../core/lineIndex';
import type { Severity, Span } from '../core/types';
import { sortedDiagnostics, sortedProblems, summaryLine, type CheckReport } from './report';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** A command's message: %, CR and LF escaped (as @actions/core's escapeData does). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value: also ':' and ',', which separate properties (@actions/core's escapeProperty). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface Annotation {
  severity: Severity;
  file: string;
  /** 1-based lines; columns 1-based in UTF-16 code units, end column exclusive. */
  line?: number;
  col?: number;
  endLine?: number;
  endColumn?: number;
  title: string;
  message: string;
}

export function workflowCommand(a: Annotation): string {
  const props: [string, string | number | undefined][] = [
    ['file', a.file],
    ['line', a.line],
    ['col', a.col],
    ['endLine', a.endLine],
    ['endColumn', a.endColumn],
    ['title', a.title],
  ];
  const list = props.filter((p): p is [string, string | number] => p[1] !== undefined).map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${COMMAND[a.severity]} ${list.join(',')}::${escapeData(a.message)}`;
}

function at(lines: LineIndex, span: Span): Pick<Annotation, 'line' | 'col' | 'endLine' | 'endColumn'> {
  const r = lines.rangeOf(span);
  return { line: r.start.line + 1, col: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

export function reportGithub(report: CheckReport): string {
  const out: string[] = [];
  const { files, registry, unreadable } = report;
  if (registry) {
    const lines = report.linesOf(registry.path);
    for (const p of sortedProblems(registry.problems)) {
      out.push(workflowCommand({ severity: p.severity, file: registry.path, ...(lines ? at(lines, p.span) : {}), title: `Fact Ledger: ${p.code}`, message: p.message }));
    }
  }
  for (const u of unreadable) out.push(workflowCommand({ severity: 'warning', file: u.path, title: 'Fact Ledger: unreadable', message: u.problem }));
  for (const { path, doc, diagnostics } of files) {
    for (const d of sortedDiagnostics(diagnostics)) {
      out.push(workflowCommand({ severity: d.severity, file: path, ...at(doc.lines, d.span), title: `Fact Ledger: ${d.code}`, message: d.message }));
    }
  }
  // The summary is a plain log line (its text cannot start a workflow command).
  out.push(summaryLine(report));
  return out.join('\n') + '\n';
}
