import type { Page } from 'playwright-core';
import type { DemoAccount } from './server-process.ts';

/** The /login page as a person uses it: type the username and password, press 登录. */
export async function signIn(page: Page, account: DemoAccount): Promise<void> {
  await page.getByTestId('login-username').fill(account.username);
  await page.getByTestId('login-password').fill(account.password);
  await page.getByTestId('login-submit').click();
}

/** Waits until the page's address has this path (the client routes with the History API). */
export async function landsOn(page: Page, path: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction((p) => location.pathname === p, path, { timeout });
}

export function demoAccount(accounts: readonly DemoAccount[], username: string): DemoAccount {
  const a = accounts.find((x) => x.username === username);
  if (!a)
    throw new Error(`demo-accounts.json has no ${username}: ${accounts.map((x) => x.username)}`);
  return a;
}
