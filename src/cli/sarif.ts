// `--format sarif`: SARIF 2.1.0 for code scanning (GitHub's upload-sarif, Azure DevOps, VS Code's
// SARIF viewer). Locations are relative to the working directory under the uriBaseId SRCROOT;
// columns count UTF-16 code units, as our ranges do, and the run says so (columnKind).
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LineIndex } from '../core/lineIndex';
import type { Severity, Span } from '../core/types';
import { sortedDiagnostics, sortedProblems, type CheckReport } from './report';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

interface PackageInfo {
  version: string;
  /** The package's folder as a file URL ending in '/': its docs/ are there. */
  root: string;
  homepage?: string;
}

let packageInfo: PackageInfo | undefined;

/** The CLI's package.json: next to dist/ when bundled (dist/cli.js → ..), two up from src/cli. */
function readPackage(): PackageInfo {
  if (packageInfo) return packageInfo;
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (const dir of [path.join(here, '..'), path.join(here, '..', '..')]) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    try {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string; homepage?: string };
      if (pkg.name !== 'fact-ledger') continue;
      packageInfo = { version: pkg.version ?? '0.0.0', root: pathToFileURL(dir + path.sep).href, homepage: pkg.homepage };
      return packageInfo;
    } catch {
      /* not ours */
    }
  }
  packageInfo = { version: '0.0.0', root: pathToFileURL(path.join(here, '..') + path.sep).href };
  return packageInfo;
}

/** Where each code is explained: docs/diagnostics.md#<code> for the article diagnostics. */
const RULES: Record<string, { doc: string; description: string }> = {
  conflict: { doc: 'docs/diagnostics.md#conflict', description: 'A figure disagrees with the fact it is linked to in the registry.' },
  'cross-conflict': { doc: 'docs/diagnostics.md#cross-conflict', description: 'Two articles give figures for the same fact that do not overlap.' },
  'orphaned-annotation': { doc: 'docs/registry.md#orphaned-annotations', description: 'A registry annotation whose passage can no longer be found in its article.' },
  unreadable: { doc: 'docs/cli.md#encodings', description: 'An article that is binary or in an encoding Fact Ledger cannot read.' },
};
/** Registry problem codes (yaml-syntax, unknown-unit…) share one section of diagnostics.md. */
const REGISTRY_RULE = { doc: 'docs/diagnostics.md#registry-errors', description: 'A problem in the fact registry (facts.yaml).' };

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** A relative path with '/' separators as a relative URI reference: each segment percent-encoded. */
export function relativeUri(displayPath: string): string {
  return displayPath
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/');
}

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** SARIF regions are 1-based, end column exclusive; with columnKind utf16CodeUnits, our characters + 1. */
export function sarifRegion(lines: LineIndex, span: Span): Region {
  const r = lines.rangeOf(span);
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function physicalLocation(uri: string, region?: Region): Record<string, unknown> {
  return { artifactLocation: { uri: relativeUri(uri), uriBaseId: 'SRCROOT' }, ...(region ? { region } : {}) };
}

export function reportSarif(report: CheckReport, cwd: string): string {
  const pkg = readPackage();
  const docsBase = pkg.root;
  const results: Record<string, unknown>[] = [];
  const used = new Set<string>(['conflict', 'cross-conflict']);
  const { files, registry, unreadable } = report;

  if (registry) {
    const lines = report.linesOf(registry.path);
    for (const p of sortedProblems(registry.problems)) {
      used.add(p.code);
      results.push({
        ruleId: p.code,
        level: LEVEL[p.severity],
        message: { text: p.message },
        locations: [{ physicalLocation: physicalLocation(registry.path, lines && sarifRegion(lines, p.span)) }],
      });
    }
  }
  for (const u of unreadable) {
    used.add('unreadable');
    results.push({ ruleId: 'unreadable', level: 'warning', message: { text: u.problem }, locations: [{ physicalLocation: physicalLocation(u.path) }] });
  }
  for (const { path: file, doc, diagnostics } of files) {
    for (const d of sortedDiagnostics(diagnostics)) {
      const related = d.related.flatMap((r, i) => {
        const lines = report.linesOf(r.path);
        // "(no registry)" and other places that are not files have no location to point at.
        return lines ? [{ id: i + 1, physicalLocation: physicalLocation(r.path, sarifRegion(lines, r.span)), message: { text: r.message } }] : [];
      });
      results.push({
        ruleId: d.code,
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [{ physicalLocation: physicalLocation(file, sarifRegion(doc.lines, d.span)) }],
        ...(related.length ? { relatedLocations: related } : {}),
        properties: { fact: d.fact },
      });
    }
  }

  const ids = [...used].sort();
  const rules = ids.map((id) => {
    const rule = RULES[id] ?? REGISTRY_RULE;
    return {
      id,
      shortDescription: { text: rule.description },
      helpUri: new URL(rule.doc, docsBase).href,
    };
  });
  for (const r of results) r.ruleIndex = ids.indexOf(r.ruleId as string);

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Fact Ledger',
            version: pkg.version,
            informationUri: pkg.homepage ?? new URL('README.md', docsBase).href,
            rules,
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
