// Fact Ledger in Chinese, in the real VS Code: run by
//   FACT_LEDGER_LOCALE=zh-cn|zh-tw node test/integration/runTests.mjs   (Node extension host)
//   FACT_LEDGER_LOCALE=zh-tw FACT_LEDGER_EXTENSION_KIND=web node test/integration/runTests.mjs
// The harness installs a language pack for the locale (scripts/lib/language-pack.mjs), starts VS
// Code with --locale and writes the locale it expects into the workspace copy, so these tests
// also fail when VS Code quietly falls back to English. The same file runs in both extension
// hosts: no Node here, the workspace is read through vscode.workspace.fs.
/// <reference types="mocha" />
import * as vscode from 'vscode';
import { activated, codeOf, equal, EXTENSION_ID, file, hoverText, ok, TIMEOUT, waitForDiagnostics } from '../web/helpers';
import bundleZhCn from '../../../l10n/bundle.l10n.zh-cn.json';
import bundleZhTw from '../../../l10n/bundle.l10n.zh-tw.json';
import nlsZhCn from '../../../package.nls.zh-cn.json';
import nlsZhTw from '../../../package.nls.zh-tw.json';

const BUNDLES: Record<string, Record<string, string>> = { 'zh-cn': bundleZhCn, 'zh-tw': bundleZhTw };
const NLS: Record<string, Record<string, string>> = { 'zh-cn': nlsZhCn, 'zh-tw': nlsZhTw };

/** A manifest string as the extension host hands it over: localised, sometimes with the original. */
type Localized = string | { value: string; original: string };
const localized = (s: Localized | undefined): string => (typeof s === 'object' ? s.value : s ?? '');

interface StatusNode {
  kind: 'status';
  status: string;
}
interface FactsTree {
  getChildren(node?: unknown): { kind: string }[];
  getTreeItem(node: unknown): vscode.TreeItem;
  refresh(): void;
  onDidRefresh: vscode.Event<void>;
}
interface Api {
  ready: Promise<void>;
  views: { factsTree?: FactsTree };
}

/**
 * A regular expression for the translation of an English bundle key, its {n} placeholders
 * standing for any text. Throws if the bundle has no translation — or keeps the English one.
 */
function translated(locale: string, english: string): RegExp {
  const text = BUNDLES[locale]?.[english];
  ok(text, `the ${locale} bundle translates ${JSON.stringify(english)}`);
  ok(text !== english, `the ${locale} translation of ${JSON.stringify(english)} is not the English text`);
  const pattern = text
    .split(/\{\d+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*?');
  return new RegExp(pattern);
}

suite('Chinese UI', () => {
  let locale: string;
  let api: Api;

  suiteSetup(async function () {
    this.timeout(60_000);
    locale = new TextDecoder().decode(await vscode.workspace.fs.readFile(file('.fact-ledger-test-locale'))).trim();
    ok(BUNDLES[locale], `a Chinese locale to test, not "${locale}"`);
    api = await activated<Api>();
  });

  test('VS Code runs in the expected display language', () => {
    equal(vscode.env.language, locale, 'vscode.env.language');
  });

  test('commands, settings and views are contributed in that language (package.nls)', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: {
        commands: { command: string; title: Localized; category?: Localized }[];
        configuration: { title?: string; properties: Record<string, { description?: string; markdownDescription?: string }> };
        views: Record<string, { id: string; name: string }[]>;
      };
    };
    const nls = NLS[locale]!;
    const recheck = manifest.contributes.commands.find((c) => c.command === 'factLedger.recheck');
    ok(recheck, 'factLedger.recheck is contributed');
    equal(localized(recheck.title), nls['command.recheck.title'], 'the title of factLedger.recheck');
    equal(localized(recheck.category), nls['command.category'], 'the category of the commands');
    const english = /^[\x20-\x7e]*$/;
    for (const command of manifest.contributes.commands) {
      ok(!english.test(localized(command.title)), `the title of ${command.command} is translated: ${localized(command.title)}`);
    }
    for (const [key, property] of Object.entries(manifest.contributes.configuration.properties)) {
      const description = property.markdownDescription ?? property.description ?? '';
      ok(!english.test(description), `the description of ${key} is translated: ${description}`);
    }
    for (const view of Object.values(manifest.contributes.views).flat()) {
      ok(!english.test(view.name) || view.name === 'Fact Ledger', `the name of the view ${view.id} is translated: ${view.name}`);
    }
  });

  test('diagnostics are in that language', async () => {
    const a = file('articles', 'a.md');
    const ds = await waitForDiagnostics(a, (ds) => ds.some((d) => codeOf(d) === 'conflict'), 'a conflict in a.md');
    const conflict = ds.find((d) => codeOf(d) === 'conflict')!;
    const expected = translated(locale, '"{0}" ({1}) conflicts with {2}: the registry has {3}');
    ok(expected.test(conflict.message), `the conflict is reported as ${expected}: ${conflict.message}`);
    ok(conflict.message.includes('amodei.essay-date') && conflict.message.includes('2025-01-29'), `the message names the fact and its value: ${conflict.message}`);
  });

  test('hovers are in that language', async () => {
    const a = file('articles', 'a.md');
    const document = await vscode.workspace.openTextDocument(a);
    const at = document.getText().indexOf('1 月 30 日');
    ok(at >= 0, '"1 月 30 日" is in a.md');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', a, document.positionAt(at + 1));
    const text = hoverText(hovers);
    for (const english of ['Sources', 'What to do:', 'Other claims']) {
      ok(translated(locale, english).test(text), `the hover has ${JSON.stringify(BUNDLES[locale]![english])}: ${text}`);
    }
    // The status keyword of the registry is shown by its translated name.
    ok(text.includes(BUNDLES[locale]!['verified']!), `the hover names the status in ${locale}: ${text}`);
  });

  test('quick fixes are in that language', async () => {
    const a = file('articles', 'a.md');
    const ds = await waitForDiagnostics(a, (ds) => ds.some((d) => codeOf(d) === 'conflict'), 'a conflict in a.md');
    const conflict = ds.find((d) => codeOf(d) === 'conflict')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', a, conflict.range);
    // Only ours: the built-in Markdown extension offers actions of its own here.
    const titles = actions.filter((action) => action.diagnostics?.some((d) => d.source === 'Fact Ledger') || action.command?.command.startsWith('factLedger.')).map((action) => action.title);
    ok(titles.length > 0, 'quick fixes are offered');
    const english = /^[\x20-\x7e]*$/;
    for (const title of titles) ok(!english.test(title), `the quick fix "${title}" is translated`);
    ok(titles.some((t) => translated(locale, 'Ignore "{0}"').test(t)), `one of ${JSON.stringify(titles)} is the translated "Ignore"`);
  });

  test('the Facts view groups facts under translated status names', async () => {
    const tree = api.views.factsTree;
    ok(tree, 'the Facts view is there');
    const labels = (): string[] =>
      tree
        .getChildren()
        .filter((node): node is StatusNode => node.kind === 'status')
        .map((node) => String(tree.getTreeItem(node).label));
    const wanted = ['verified', 'reported'].map((status) => BUNDLES[locale]![status]!);
    // The tree rebuilds (debounced) after the workspace scan: wait for a refresh that shows both.
    if (!wanted.every((label) => labels().includes(label))) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          listener.dispose();
          reject(new Error(`timed out waiting for the status groups ${JSON.stringify(wanted)}; have ${JSON.stringify(labels())}`));
        }, TIMEOUT);
        const listener = tree.onDidRefresh(() => {
          if (!wanted.every((label) => labels().includes(label))) return;
          clearTimeout(timer);
          listener.dispose();
          resolve();
        });
        tree.refresh();
      });
    }
    // No group keeps its English keyword.
    for (const label of labels()) ok(!/^(verified|reported|disputed|false)$/.test(label), `the status group "${label}" is translated`);
  });
});
