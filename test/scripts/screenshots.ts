/**
 * `npm run screenshots`: regenerates the README's images in docs/images/ from a real n8n (the e2e
 * host) driven by Debian's headless chromium, along the same journeys the browser suite asserts
 * (test/browser/): the example workflows on the canvas, the OAuth2 credential dialog once
 * connected, a Fetch Alerts output in table view; then the e-mail digest
 * (render-email-digest.ts). Fails when an image would be over 300 KB or shows an error toast.
 *   npm run screenshots
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { readExample } from '../e2e/exampleWorkflows';
import { buildAndPack } from '../e2e/packageUnderTest';
import {
	closeDialog,
	errorToasts,
	executeNode,
	openWorkflow,
	outputTable,
	signedInContext,
	VIEWPORT,
} from '../browser/editor';
import { connectFetchNodeWithOAuth2, reopenConnectedCredential } from '../browser/scenes';
import { EXAMPLES, startStage } from '../browser/stage';

const ROOT = join(__dirname, '..', '..');
const IMAGES = join(ROOT, 'docs', 'images');
const MAX_BYTES = 300 * 1024;
/**
 * The credential dialog scrolls inside a fixed 750 px frame; for the README it grows to its content,
 * so that one image shows the connected banner and every field.
 */
const DIALOG_AT_FULL_HEIGHT = `
[data-test-id="editCredential-modal"], [data-test-id="editCredential-modal"] .el-dialog__body,
[data-test-id="editCredential-modal"] .modal-content, [data-test-id="credential-edit-dialog"],
[data-test-id="credential-edit-dialog"] > div { height: auto !important; max-height: none !important; overflow: visible !important; }`;

/** Drags the parameters panel to the left edge: the output table gets most of the width. */
async function widenOutput(page: Page, ndv: Locator): Promise<void> {
	const handle = await ndv.getByTestId('panel-drag-button').boundingBox();
	if (!handle) throw new Error('the node view has no panel handle to drag');
	const y = handle.y + handle.height / 2;
	await page.mouse.move(handle.x + handle.width / 2, y);
	await page.mouse.down();
	await page.mouse.move(60, y, { steps: 10 });
	await page.mouse.up();
}

/** Closes the success toasts ("Node executed successfully") that would cover the table. */
async function dismissToasts(page: Page): Promise<void> {
	for (const close of await page.locator('.el-notification__closeBtn').all()) {
		await close.click().catch(() => undefined);
	}
	await page
		.locator('.el-notification')
		.first()
		.waitFor({ state: 'detached' })
		.catch(() => undefined);
}

async function shoot(page: Page, target: Page | Locator, name: string): Promise<void> {
	const toasts = await errorToasts(page);
	if (toasts.length > 0)
		throw new Error(`${name}: the editor shows an error: ${toasts.join(' | ')}`);
	const file = join(IMAGES, name);
	await target.screenshot({ path: file, animations: 'disabled' });
	const bytes = statSync(file).size;
	if (bytes > MAX_BYTES)
		throw new Error(`${file} is ${Math.round(bytes / 1024)} KB, over the README's 300 KB budget`);
	console.log(`wrote ${file} (${Math.round(bytes / 1024)} KB)`);
}

async function main(): Promise<void> {
	const started = Date.now();
	const stage = await startStage(buildAndPack());
	try {
		const context = await signedInContext(stage.browser, stage.host.baseUrl, stage.owner);
		const page = await context.newPage();
		for (const file of EXAMPLES) {
			const workflow = readExample(file);
			const nodes = workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length;
			await openWorkflow(page, stage.host.baseUrl, workflow.id, nodes);
			await shoot(page, page, `example-${file.replace(/\.json$/, '')}.png`);
		}

		const { ndv, modal } = await connectFetchNodeWithOAuth2(page, stage, 'Fabrikam (OAuth2)');
		await page.setViewportSize({ width: VIEWPORT.width, height: 1400 });
		await page.addStyleTag({ content: DIALOG_AT_FULL_HEIGHT });
		await reopenConnectedCredential(ndv, modal);
		await shoot(page, modal, 'credential-oauth2.png');
		await closeDialog(modal);
		await page.setViewportSize(VIEWPORT);

		const output = await executeNode(ndv);
		const { rows } = await outputTable(output);
		if (rows.length === 0) throw new Error('Fetch Alerts returned no alerts to show');
		await widenOutput(page, ndv);
		await dismissToasts(page);
		await shoot(page, page, 'fetch-alerts-output.png');
		await context.close();
	} finally {
		await stage.stop();
	}
	execFileSync('npx', ['ts-node', '--transpile-only', join(__dirname, 'render-email-digest.ts')], {
		cwd: ROOT,
		stdio: 'inherit',
	});
	const digest = statSync(join(IMAGES, 'email-digest.png')).size;
	if (digest > MAX_BYTES)
		throw new Error(`email-digest.png is ${Math.round(digest / 1024)} KB, over 300 KB`);
	console.log(`screenshots done in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
