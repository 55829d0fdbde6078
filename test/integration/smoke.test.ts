// Smoke test: the extension loads in a real VS Code with the fixture workspace.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';

const EXTENSION_ID = 'fact-ledger.fact-ledger';
// Bundled to out/test/integration/, three levels below the repository root.
const FIXTURE_WORKSPACE = path.resolve(__dirname, '../../../test/fixtures/workspace');

function workspaceFolder(): vscode.WorkspaceFolder {
  const folders = vscode.workspace.workspaceFolders ?? [];
  assert.equal(folders.length, 1, 'exactly one workspace folder is open');
  return folders[0]!;
}

suite('smoke', () => {
  test('a copy of the fixture workspace is open', async () => {
    const { uri } = workspaceFolder();
    assert.equal(uri.scheme, 'file');
    assert.notEqual(uri.fsPath, FIXTURE_WORKSPACE, 'the tests never edit the fixture in git');
    for (const name of ['facts.yaml', 'articles/a.md']) {
      assert.deepEqual(await fs.readFile(path.join(uri.fsPath, name), 'utf8'), await fs.readFile(path.join(FIXTURE_WORKSPACE, name), 'utf8'));
    }
  });

  test(`extension ${EXTENSION_ID} is present and activates`, async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('a Chinese Markdown article opens as markdown', async () => {
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'articles', 'a.md');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'markdown');
    assert.match(document.getText(), /560万美元/);
  });
});
