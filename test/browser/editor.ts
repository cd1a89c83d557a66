/**
 * The n8n 2.41 editor as a user drives it: sign in, open a workflow on the canvas, open a node,
 * execute it and read the output panel. Selectors are n8n's own data-test-id attributes (found in
 * n8n-editor-ui's bundle), and text a user reads; no internal API is called.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

import { sleep } from '../e2e/processes';

/** Big enough for the node details view with three panels and a readable canvas. */
export const VIEWPORT = { width: 1440, height: 900 };
/** A first editor load under CI load (two n8n, jest, chromium on two cores) took 20 s. */
export const UI_TIMEOUT_MS = 90_000;

export async function signedInContext(
	browser: Browser,
	baseUrl: string,
	owner: { email: string; password: string },
): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport: VIEWPORT });
	context.setDefaultTimeout(UI_TIMEOUT_MS);
	const page = await context.newPage();
	await page.goto(`${baseUrl}/signin`);
	await page.locator('#emailOrLdapLoginId').fill(owner.email);
	await page.locator('#password').fill(owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	await page.close();
	return context;
}

/** Opens a workflow and waits until every (non-sticky) node is drawn on the canvas. */
export async function openWorkflow(
	page: Page,
	baseUrl: string,
	workflowId: string,
	nodes: number,
): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${workflowId}`);
	const drawn = page.getByTestId('canvas-node');
	await drawn.first().waitFor();
	await expectCount(drawn, nodes, `nodes drawn on the canvas of ${workflowId}`);
	// Fit the view to the measured nodes and let that animation settle.
	const fit = page.getByTestId('zoom-to-fit');
	await fit.click();
	await fit.blur(); // a focused button is drawn highlighted in screenshots
	await page.mouse.move(VIEWPORT.width / 2, 0);
	await page.waitForTimeout(800);
}

/** Opens the node details view of a canvas node by its name. */
export async function openNode(page: Page, name: string): Promise<Locator> {
	await page.getByTestId('canvas-node').filter({ hasText: name }).first().dblclick();
	const ndv = page.getByTestId('ndv');
	await ndv.waitFor();
	return ndv;
}

/** Credential select of the open node → "Create new credential": the credential dialog. */
export async function createCredentialFromNode(page: Page, ndv: Locator): Promise<Locator> {
	const create = page.getByTestId('node-credentials-select-item-new');
	// n8n moves the select's test id between its wrapper and a disabled input; the Element Plus
	// select inside the credential slot is what takes the click in both cases.
	await ndv.getByTestId('node-credentials-slot').locator('.el-select').first().click();
	await create.waitFor();
	await create.click();
	const modal = page.getByTestId('editCredential-modal');
	await modal.waitFor();
	return modal;
}

/** Runs the open node ("Execute step") and returns its output panel once it shows items. */
export async function executeNode(ndv: Locator): Promise<Locator> {
	await ndv.getByTestId('node-execute-button').click();
	const output = ndv.getByTestId('output-panel');
	await output
		.getByText(/^\d+ items?$/)
		.first()
		.waitFor();
	return output;
}

/** Closes a dialog with its × (Escape would also close the node details view behind it). */
export async function closeDialog(dialog: Locator): Promise<void> {
	await dialog.locator('.el-dialog__headerbtn').first().click();
	await dialog.waitFor({ state: 'hidden' });
}

/** Error toasts on screen (their text), e.g. to assert that a screenshot shows none. */
export async function errorToasts(page: Page): Promise<string[]> {
	// Element Plus marks the toast's icon with its type.
	return await page
		.locator('.el-notification')
		.filter({ has: page.locator('.el-notification__icon.el-notification--error') })
		.allInnerTexts();
}

/** The output panel's table view: column headers and the text of each row's cells. */
export async function outputTable(
	output: Locator,
): Promise<{ columns: string[]; rows: string[][] }> {
	await output.getByTestId('radio-button-table').click();
	const table = output.getByTestId('ndv-data-container').locator('table').first();
	await table.waitFor();
	const columns = (await table.locator('thead th').allInnerTexts()).map((c) => c.trim());
	const rows: string[][] = [];
	for (const row of await table.locator('tbody tr').all()) {
		rows.push((await row.locator('td').allInnerTexts()).map((c) => c.trim()));
	}
	return { columns, rows };
}

async function expectCount(locator: Locator, count: number, what: string): Promise<void> {
	const deadline = Date.now() + UI_TIMEOUT_MS;
	let seen = await locator.count();
	while (seen !== count) {
		if (Date.now() > deadline) throw new Error(`expected ${count} ${what}, saw ${seen}`);
		await sleep(250);
		seen = await locator.count();
	}
}
