import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';
import portal from './e2e/portal.json';

/**
 * The end-to-end test of the adopter portal (scripts/adopter-portal.sh):
 * Chromium as for this repository's app, against the portal in
 * ADOPTER_PORTAL_DIR, which Playwright starts (`yarn start` with the guide's
 * config and app-config.e2e.yaml) and stops.
 */
const portalDir = process.env.ADOPTER_PORTAL_DIR;
if (!portalDir) {
  throw new Error(
    'Set ADOPTER_PORTAL_DIR to a portal prepared by scripts/adopter-portal.sh',
  );
}

export default defineConfig({
  ...base,
  testDir: './e2e',
  outputDir: '../../test-results/adopter-e2e',
  reporter: [['list']],
  projects: undefined,
  use: { ...base.use, baseURL: `http://localhost:${portal.ports.app}` },
  webServer: {
    command: `yarn start --config ${portalDir}/app-config.yaml --config ${portalDir}/app-config.e2e.yaml`,
    cwd: portalDir,
    url: `http://localhost:${portal.ports.app}`,
    reuseExistingServer: false,
    timeout: 600_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
