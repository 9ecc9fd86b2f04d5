import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './env.ts';
import { buildConfig } from './index.ts';

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
    const cfg = buildConfig(parseEnv({ WECOM_CORP_ID: 'ww123', WECOM_SECRET: 's', WECOM_AGENT_ID: '1000002', SESSION_SECRET: 'x'.repeat(32) }));
    expect(cfg.wecomMode).toBe('real');
    expect(cfg.WECOM_AGENT_ID).toBe(1000002);
  });
});
