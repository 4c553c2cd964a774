import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';

/**
 * End-to-end tests in Debian's Chromium (no browser download). The app and
 * backend are started by Playwright unless PLAYWRIGHT_URL points at a running app.
 */
export default defineConfig({
  timeout: 120_000,
  expect: { timeout: 30_000 },
  webServer: process.env.PLAYWRIGHT_URL
    ? []
    : [
        {
          command: 'yarn start',
          url: 'http://localhost:3000',
          reuseExistingServer: !process.env.CI,
          timeout: 600_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
      ],
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Spec files run side by side: each provisions tenants of its own (unique
  // slugs), and only tenants.test.ts sets cluster faults, for its own tenants.
  workers: 2,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  outputDir: 'test-results/e2e',
  projects: generateProjects(),
});
