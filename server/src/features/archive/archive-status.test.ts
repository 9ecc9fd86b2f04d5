import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '@server/config/index.ts';
import { parseEnv } from '@server/config/env.ts';
import { simulatorArchivePrivateKeys } from '@server/simulator/archive/keys.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { seedSidebarFixture } from '../../../../tests/support/customer-fixtures.ts';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { archiveUnavailableReason, setArchiveOptions } from './archive-pull.ts';
import { archiveStatusSchema } from './archive.schema.ts';

const config = (env: Record<string, string>) => buildConfig(parseEnv({ NODE_ENV: 'test', ...env }));
const keysJson = JSON.stringify(simulatorArchivePrivateKeys());

describe('archive status says "configured" only when a pull can really run', () => {
  it('needs the SDK file itself, its secret and usable keys for a real corp', () => {
    const corp = { WECOM_CORP_ID: 'wwcorp', WECOM_SECRET: 's', WECOM_AGENT_ID: '1000002', SESSION_SECRET: 'a-session-secret-for-tests' };
    expect(archiveUnavailableReason(config(corp))).toBe('WECOM_FINANCE_SDK_PATH is not set');
    const sdk = {
      ...corp,
      WECOM_FINANCE_SDK_PATH: '/nowhere/libWeWorkFinanceSdk_C.so',
      WECOM_ARCHIVE_SECRET: 'a',
      WECOM_ARCHIVE_PRIVATE_KEYS: keysJson,
    };
    expect(archiveUnavailableReason(config(sdk))).toBe('WECOM_FINANCE_SDK_PATH names no file');
    expect(archiveUnavailableReason(config({ ...sdk, WECOM_FINANCE_SDK_PATH: import.meta.dirname }))).toBe(
      'WECOM_FINANCE_SDK_PATH names no file',
    );
    const present = { ...sdk, WECOM_FINANCE_SDK_PATH: process.execPath };
    expect(archiveUnavailableReason(config(present))).toBeUndefined();
    expect(archiveUnavailableReason(config({ ...present, WECOM_ARCHIVE_PRIVATE_KEYS: '{}' }))).toBe(
      'WECOM_ARCHIVE_PRIVATE_KEYS holds no private key',
    );
    // A real corp id pointed at a local simulator still needs keys to decrypt what it serves.
    const local = { ...corp, WECOM_API_BASE: 'http://127.0.0.1:4000' };
    expect(archiveUnavailableReason(config(local))).toBe('WECOM_ARCHIVE_PRIVATE_KEYS is not set');
    expect(archiveUnavailableReason(config({ ...local, WECOM_ARCHIVE_PRIVATE_KEYS: keysJson }))).toBeUndefined();
  });

  describe('over HTTP', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ ADMIN_USERIDS: 'boss' });
      await seedSidebarFixture(app.deps.ds);
    });
    afterAll(async () => app?.stop());

    const status = async () =>
      archiveStatusSchema.parse(await (await app.request('/api/archive/status', { headers: await sessionHeaders(app, 'boss') })).json());

    it('reports the demo simulator as configured once its URL and keys are set, and not before', async () => {
      expect(await status()).toMatchObject({ configured: false, reason: 'simulator mode without a local simulator URL' });
      setArchiveOptions(app.deps, { simulatorUrl: 'http://127.0.0.1:9' });
      expect(await status()).toMatchObject({ configured: false, reason: 'WECOM_ARCHIVE_PRIVATE_KEYS is not set' });
      setArchiveOptions(app.deps, { simulatorKeys: simulatorArchivePrivateKeys });
      expect(await status()).toMatchObject({ configured: true, reason: null });
    });
  });
});
