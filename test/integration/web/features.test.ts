// The features of issue 4 in the web worker extension host (vscode.dev, github.dev): the Facts view,
// the fact sheet, annotations, and registry completion — the same extension bundle
// (dist/web/extension.js), files through vscode.workspace.fs.
/// <reference types="mocha" />
import * as vscode from 'vscode';
import { activated, equal, EXTENSION_ID, file, hoverAt, ok, readText, until, writeText } from './helpers';

interface TreeNode {
  kind: 'status' | 'fact' | 'claim';
}
interface FactsTree {
  getChildren(node?: TreeNode): TreeNode[];
  getTreeItem(node: TreeNode): vscode.TreeItem;
  refresh(): void;
  onDidRefresh: vscode.Event<void>;
}
interface FactSheet {
  panel: vscode.WebviewPanel;
  html: string;
  resourceRoot: string;
  data: { id: string; claims: { conflict: boolean }[] } | undefined;
  onDidUpdate: vscode.Event<void>;
}
interface Api {
  ready: Promise<void>;
  model: { onDidChange: vscode.Event<void> };
  views: { factsTree?: FactsTree; factSheet?: { last: FactSheet | undefined } };
}
interface Listed {
  fact: string;
  text: string;
}

suite('web extension host: Facts view, fact sheet, annotations, registry completion', () => {
  let api: Api;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activated<Api>();
  });

  test('the Facts view lists the registry’s facts by status, with their claims', async () => {
    const tree = api.views.factsTree;
    ok(tree, 'the Facts view is registered');
    const factIds = (): string[] =>
      tree
        .getChildren()
        .flatMap((group) => tree.getChildren(group))
        .filter((node) => node.kind === 'fact')
        .map((node) => String(tree.getTreeItem(node).label));
    await until([tree.onDidRefresh], () => factIds().includes('amodei.essay-date'), 'the Facts view to list amodei.essay-date', () => tree.refresh());
    const essay = tree
      .getChildren()
      .flatMap((group) => tree.getChildren(group))
      .find((node) => String(tree.getTreeItem(node).label) === 'amodei.essay-date');
    ok(essay, 'amodei.essay-date is in the view');
    const claims = tree.getChildren(essay).map((node) => String(tree.getTreeItem(node).label));
    ok(claims.some((label) => /articles\/a\.md:\d+/.test(label)), `a claim in articles/a.md: ${JSON.stringify(claims)}`);
  });

  test('the fact sheet opens with its data, under a nonce CSP, resources from media/ only', async () => {
    await vscode.commands.executeCommand('factLedger.openFactSheet', file('facts.yaml').toString(), 'amodei.essay-date');
    const sheet = api.views.factSheet?.last;
    ok(sheet, 'a fact sheet is open');
    await until([sheet.onDidUpdate], () => sheet.data !== undefined, 'the sheet to receive its data');
    equal(sheet.data!.id, 'amodei.essay-date', 'the sheet’s fact');
    ok(sheet.data!.claims.some((c) => c.conflict), 'the conflicting claim of a.md is on the sheet');
    ok(/script-src 'nonce-[A-Za-z0-9+/=]{16,}'/.test(sheet.html), 'a nonce-restricted script-src');
    const references = [...sheet.html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]!.replace(/&#38;/g, '&'));
    ok(references.length >= 3, 'the page loads its script, chart scale and style');
    for (const reference of references) ok(reference.startsWith(sheet.resourceRoot), `${reference} is under media/ (${sheet.resourceRoot})`);
    sheet.panel.dispose();
  });

  test('an annotation in the registry is anchored in its article and shown in the hover', async () => {
    const registry = file('facts.yaml');
    const original = await readText(registry);
    const annotated = `${original.trimEnd()}\n\nannotations:\n  - fact: r1.first-week-users\n    file: articles/a.md\n    verdict: mentions\n    note: usage in Italy\n    selector:\n      exact: 意大利有数百万人使用这款应用\n`;
    const listed = async (): Promise<Listed[]> =>
      (await vscode.commands.executeCommand<Listed[]>('factLedger.annotationsIn', file('articles', 'a.md').toString())) ?? [];
    try {
      await writeText(registry, annotated);
      await until([api.model.onDidChange], async () => (await listed()).some((l) => l.fact === 'r1.first-week-users'), 'the annotation to be anchored');
      const [annotation] = await listed();
      equal(annotation?.text, '意大利有数百万人使用这款应用', 'the anchored passage');
      const hover = await hoverAt(file('articles', 'a.md'), '意大利有', 1);
      ok(/r1\\?\.first\\?-week\\?-users/.test(hover), `the hover names the annotation’s fact: ${hover}`);
    } finally {
      await writeText(registry, original);
      await until([api.model.onDidChange], async () => (await listed()).length === 0, 'the annotation to be gone again');
    }
  });

  test('completion in facts.yaml offers the units', async () => {
    const registry = file('facts.yaml');
    const document = await vscode.workspace.openTextDocument(registry);
    const at = document.getText().indexOf('unit: USD');
    ok(at >= 0, 'the fixture has "unit: USD"');
    const position = document.positionAt(at + 'unit: '.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', registry, position);
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    for (const unit of ['percent', 'date', 'count']) ok(labels.includes(unit), `"${unit}" is offered: ${JSON.stringify(labels.slice(0, 30))}`);
  });
});
