// The packaged extension and package.json: what vsce puts in the .vsix (the .vscodeignore
// allow-list), and whether the manifest agrees with the code (commands, when clauses, settings,
// paths). Fast: vsce lists the files of a copy of the repository in which the two large
// generated folders (node_modules, .vscode-test) are replaced by stand-ins.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes ?? {};

/** Every .ts file under a folder of the repository. */
function sources(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (abs: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const full = path.join(abs, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) out.push({ file: path.relative(root, full), text: readFileSync(full, 'utf8') });
    }
  };
  walk(path.join(root, dir));
  return out;
}

const extensionSources = sources('src/extension');
const allSources = sources('src');

/**
 * The string an argument expression stands for: a literal, or a constant (`NAME` or
 * `OBJ.name`) defined somewhere in the sources as `name: '…'` or `NAME = '…'`.
 */
function resolveString(expression: string, files: { text: string }[]): string | undefined {
  const expr = expression.trim();
  const literal = /^(['"`])([^'"`$]*)\1$/.exec(expr);
  if (literal) return literal[2];
  const name = /(?:^|\.)([A-Za-z_$][\w$]*)$/.exec(expr)?.[1];
  if (!name) return undefined;
  const definition = new RegExp(`(?:^|[\\s{,])${name.replace(/\$/g, '\\$')}\\s*[:=]\\s*(['"\`])([^'"\`$]+)\\1`, 'm');
  for (const { text } of files) {
    const found = definition.exec(text);
    if (found) return found[2];
  }
  return undefined;
}

/** The first argument of every call of `callee(` in the files, resolved where possible. */
function firstArguments(pattern: RegExp, files: { file: string; text: string }[]): { resolved: Set<string>; unresolved: string[] } {
  const resolved = new Set<string>();
  const unresolved: string[] = [];
  for (const { file, text } of files) {
    for (const match of text.matchAll(pattern)) {
      const value = resolveString(match[1], files);
      if (value === undefined) unresolved.push(`${file}: ${match[1]}`);
      else resolved.add(value);
    }
  }
  return { resolved, unresolved };
}

describe('the packaged files (.vscodeignore allow-list)', () => {
  let files: string[] = [];
  let scratch = '';

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'fact-ledger-package-'));
    const skipped = new Set(['node_modules', '.vscode-test', '.git']);
    cpSync(root, scratch, { recursive: true, filter: (source) => !skipped.has(path.relative(root, source).split(path.sep)[0]) });
    // Stand-ins for what was not copied: none of it may be packaged.
    for (const dir of ['.vscode-test/code-server', 'node_modules/yaml', '.git']) {
      mkdirSync(path.join(scratch, dir), { recursive: true });
      writeFileSync(path.join(scratch, dir, 'index.js'), '');
    }
    const require = createRequire(import.meta.url);
    const vsce = require('@vscode/vsce') as { PackageManager: { None: number }; listFiles(options: { cwd: string; packageManager: number }): Promise<string[]> };
    // As `vsce ls --no-dependencies` and `npm run package`: the extension is bundled.
    files = (await vsce.listFiles({ cwd: scratch, packageManager: vsce.PackageManager.None })).map((f) => f.replace(/\\/g, '/')).sort();
  }, 30_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('nothing from the sources, tests, scripts, examples, dependencies or test downloads', () => {
    const forbidden = /^(src|test|scripts|node_modules|examples|bench|bin|out|\.vscode-test|\.git|\.ci)\//;
    expect(files.filter((f) => forbidden.test(f))).toEqual([]);
    expect(files.filter((f) => /\.(ts|map|mts)$/.test(f) || f === 'tsconfig.json' || f === 'package-lock.json')).toEqual([]);
    expect(files.filter((f) => f.startsWith('dist/') && f !== 'dist/extension.js' && f !== 'dist/web/extension.js')).toEqual([]);
  });

  test('everything the extension needs at run time', () => {
    for (const needed of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'schemas/facts.schema.json', 'media/icon.png', 'docs/registry.md', 'docs/diagnostics.md']) {
      expect(files).toContain(needed);
    }
    for (const grammar of contributes.grammars ?? []) expect(files).toContain(path.posix.normalize(grammar.path));
    expect(files.filter((f) => /^syntaxes\/.*\.json$/.test(f)).length).toBeGreaterThan(0);
    // dist/ is built before the unit tests (npm test); on a bare checkout only the rule is checked.
    if (existsSync(path.join(root, 'dist/extension.js'))) expect(files).toContain('dist/extension.js');
    expect(readFileSync(path.join(root, '.vscodeignore'), 'utf8')).toMatch(/^!dist\/extension\.js$/m);
    // The web extension (package.json `browser`: vscode.dev, github.dev).
    expect(pkg.main).toBe('./dist/extension.js');
    expect(pkg.browser).toBe('./dist/web/extension.js');
    if (existsSync(path.join(root, 'dist/web/extension.js'))) expect(files).toContain('dist/web/extension.js');
    expect(readFileSync(path.join(root, '.vscodeignore'), 'utf8')).toMatch(/^!dist\/web\/extension\.js$/m);
  });

  test('every image the README shows is packaged', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]).filter((src) => !/^[a-z]+:/i.test(src));
    for (const image of images) expect(files).toContain(path.posix.normalize(image));
  });
});

describe('package.json agrees with the code', () => {
  const declared = new Set<string>((contributes.commands ?? []).map((c: { command: string }) => c.command));

  test('every command used in menus, keybindings and views is declared', () => {
    const used: string[] = [];
    for (const items of Object.values<{ command?: string }[]>(contributes.menus ?? {})) for (const item of items) if (item.command) used.push(item.command);
    for (const key of contributes.keybindings ?? []) used.push(key.command);
    for (const welcome of contributes.viewsWelcome ?? []) for (const m of String(welcome.contents).matchAll(/\(command:([\w.-]+)/g)) used.push(m[1]);
    for (const walkthrough of contributes.walkthroughs ?? []) {
      for (const step of walkthrough.steps ?? []) for (const m of String(step.description ?? '').matchAll(/\(command:([\w.-]+)/g)) used.push(m[1]);
    }
    expect(used.filter((c) => !declared.has(c))).toEqual([]);
  });

  test('every declared command is registered in src/extension', () => {
    const { resolved, unresolved } = firstArguments(/register(?:TextEditor)?Command\(\s*([^,)]+)/g, extensionSources);
    expect(unresolved, 'registerCommand arguments this test cannot resolve to a string').toEqual([]);
    expect([...declared].filter((c) => !resolved.has(c))).toEqual([]);
  });

  test('every when clause uses known context keys', () => {
    const { resolved: setKeys } = firstArguments(/['"]setContext['"]\s*,\s*([^,)]+)/g, allSources);
    const configKeys = new Set(Object.keys(contributes.configuration?.properties ?? {}));
    const standard = new Set([
      'true', 'false', 'in', 'not',
      'resourceLangId', 'resourceFilename', 'resourceExtname', 'resourceDirname', 'resourcePath', 'resourceScheme', 'resource',
      'resourceSet', 'isFileSystemResource', 'explorerResourceIsFolder', 'explorerViewletVisible', 'sideBarVisible',
      'view', 'viewItem', 'focusedView', 'webviewId', 'activeWebviewPanelId', 'activeCustomEditorId', 'activeEditor',
      'editorLangId', 'editorFocus', 'editorTextFocus', 'textInputFocus', 'inputFocus', 'editorHasSelection', 'editorReadonly',
      'editorIsOpen', 'isInDiffEditor', 'inQuickOpen', 'isWorkspaceTrusted', 'workbenchState', 'workspaceFolderCount',
      'isWeb', 'isLinux', 'isMac', 'isWindows', 'virtualWorkspace', 'remoteName', 'isInEmbeddedEditor', 'activeViewlet', 'activePanel',
      'problemFocus', 'viewContainer',
    ]);
    const unknown: string[] = [];
    const clauses: string[] = [];
    for (const items of Object.values<{ when?: string }[]>(contributes.menus ?? {})) for (const item of items) if (item.when) clauses.push(item.when);
    for (const group of [contributes.keybindings, contributes.viewsWelcome, ...Object.values(contributes.views ?? {})]) {
      for (const item of (group ?? []) as { when?: string }[]) if (item.when) clauses.push(item.when);
    }
    for (const clause of clauses) {
      const bare = clause.replace(/'[^']*'|"[^"]*"/g, ' ').replace(/=~\s*\/(?:\\.|[^/])*\/[a-z]*/g, ' ');
      // Keys only: what follows a comparison operator is a value.
      const keys = [...bare.matchAll(/(?<![\w.-])(?<![=!<>~]\s*)([A-Za-z_][\w.-]*)/g)].map((m) => m[1]).filter((k) => !/^\d/.test(k));
      for (const key of keys) {
        if (standard.has(key)) continue;
        if (key.startsWith('config.') && configKeys.has(key.slice('config.'.length))) continue;
        if (key.startsWith('factLedger.') && setKeys.has(key)) continue;
        if (key.startsWith('view.') || key.startsWith('activeViewlet')) continue;
        unknown.push(`${key} (in "${clause}")`);
      }
    }
    expect(unknown).toEqual([]);
  });

  test('every setting read by the settings accessor is declared, with the same default', () => {
    const settings = readFileSync(path.join(root, 'src/extension/settings.ts'), 'utf8');
    const section = /getConfiguration\(\s*(?:['"]([^'"]+)['"]|SECTION)\s*\)/.exec(settings);
    const prefix = section?.[1] ?? /SECTION\s*=\s*['"]([^'"]+)['"]/.exec(settings)?.[1];
    expect(prefix).toBe('factLedger');
    const properties = contributes.configuration?.properties ?? {};
    const reads = [...settings.matchAll(/\bc\.get(?:<[^>]*>)?\(\s*['"]([^'"]+)['"]\s*(?:,\s*([^)]*?))?\s*\)/g)];
    expect(reads.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const [, key, defaultSource] of reads) {
      const property = properties[`${prefix}.${key}`];
      if (!property) {
        problems.push(`${prefix}.${key} is read but not declared`);
        continue;
      }
      if (defaultSource === undefined) continue;
      const accessorDefault: unknown = new Function(`return (${defaultSource});`)();
      if (JSON.stringify(accessorDefault) !== JSON.stringify(property.default)) {
        problems.push(`${prefix}.${key}: accessor default ${JSON.stringify(accessorDefault)}, declared ${JSON.stringify(property.default)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('every grammar, schema and icon path exists; the icon is a 128×128 PNG', () => {
    const paths: string[] = [pkg.icon];
    for (const grammar of contributes.grammars ?? []) paths.push(grammar.path);
    for (const validation of [...(contributes.yamlValidation ?? []), ...(contributes.jsonValidation ?? [])]) {
      if (!/^[a-z]+:\/\//i.test(validation.url)) paths.push(validation.url);
    }
    for (const language of contributes.languages ?? []) if (language.configuration) paths.push(language.configuration);
    expect(paths.filter((p) => !p || !existsSync(path.join(root, p)))).toEqual([]);
    const png = readFileSync(path.join(root, pkg.icon));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
  });

  test('facts.yaml gets the JSON Schema through the YAML extension', () => {
    const validation = (contributes.yamlValidation ?? []).find((v: { url: string }) => v.url.endsWith('schemas/facts.schema.json'));
    expect(validation?.fileMatch).toEqual(expect.arrayContaining(['facts.yaml', '**/facts.yaml']));
  });

  test('activation is never "*"', () => {
    expect(pkg.activationEvents ?? []).not.toContain('*');
  });
});
