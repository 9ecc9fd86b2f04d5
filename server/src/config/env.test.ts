import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './env.ts';
import { PRODUCTION_ENV } from '../../../tests/support/production-env.ts';
import { PRODUCTION_REQUIRED, buildConfig, isDemoMode, loadConfig } from './index.ts';

describe('env', () => {
  it('defaults to the embedded SQLite file and port 3000 when nothing is set', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe('sqlite:./data/app.sqlite');
    expect(buildConfig(env).wecomMode).toBe('simulator');
  });

  it('names PORT when it is not a port number', () => {
    expect(() => parseEnv({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => parseEnv({ PORT: '70000' })).toThrow(/PORT/);
  });

  it('names DATABASE_URL when it is neither mysql:// nor sqlite:', () => {
    expect(() => parseEnv({ DATABASE_URL: 'postgres://localhost/x' })).toThrow(/DATABASE_URL/);
  });

  it('rejects an EncodingAESKey that is not 43 characters', () => {
    expect(() => parseEnv({ WECOM_CALLBACK_AES_KEY: 'short' })).toThrow(/WECOM_CALLBACK_AES_KEY/);
  });

  it('switches to the real WeCom when a corp id is set, and then requires its secret and agent id', () => {
    expect(() => buildConfig(parseEnv({ WECOM_CORP_ID: 'ww123' }))).toThrow(/WECOM_SECRET/);
    const cfg = buildConfig(
      parseEnv({ WECOM_CORP_ID: 'ww123', WECOM_SECRET: 's', WECOM_AGENT_ID: '1000002', SESSION_SECRET: 'x'.repeat(32) }),
    );
    expect(cfg.wecomMode).toBe('real');
    expect(cfg.WECOM_AGENT_ID).toBe(1000002);
  });

  it('refuses production without a complete corp configuration, naming every missing variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', WECOM_CORP_ID: '', SESSION_SECRET: 'x'.repeat(32) });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of [
      'WECOM_CORP_ID',
      'WECOM_AGENT_ID',
      'WECOM_SECRET',
      'WECOM_CALLBACK_TOKEN',
      'WECOM_CALLBACK_AES_KEY',
      'PUBLIC_URL',
    ]) {
      expect(message).toContain(`${name}: required in production`);
    }
    expect(message).not.toContain('SESSION_SECRET');
    expect((error as ConfigError).issues).toHaveLength(6);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET: required in production/);
  });

  it('refuses production without each single required variable, and never runs the demo there', () => {
    for (const name of PRODUCTION_REQUIRED) {
      expect(() => loadConfig({ ...PRODUCTION_ENV, [name]: '' })).toThrow(new RegExp(`${name}: required in production`));
    }
    const cfg = loadConfig(PRODUCTION_ENV);
    expect(cfg.wecomMode).toBe('real');
    expect(isDemoMode(cfg)).toBe(false);
    // Even a config assembled by hand in simulator mode is no demo in production.
    expect(isDemoMode({ ...cfg, wecomMode: 'simulator' })).toBe(false);
    expect(isDemoMode(loadConfig({}))).toBe(true);
  });

  it('trusts proxy headers only when TRUST_PROXY=true', () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: '' }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(() => parseEnv({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
  });
});
