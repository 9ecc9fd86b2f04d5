import type { AppConfig } from '@server/config/index.ts';

/**
 * The fixed identity of the built-in simulator's demo corp. The simulator
 * serves this corp; the callback receiver and the API client use it whenever
 * no real corp is configured (WECOM_CORP_ID empty). These are demo values,
 * not secrets: they only ever talk to the in-process simulator.
 */
export const SIMULATOR_CORP = {
  corpId: 'wwdemo0000000001',
  secret: 'demo-secret',
  agentId: 1000002,
  callbackToken: 'demoCallbackToken2026',
  /** 43 characters of [A-Za-z0-9], decodes to a 32-byte AES key. */
  callbackAesKey: 'ZGVtb0FFU2tleUZvckRhb2dvdUFzc2lzdGFudDIwMjY',
} as const;

export interface CallbackCredentials {
  corpId: string;
  token: string;
  aesKey: string;
}

/** A real corp is configured but WECOM_CALLBACK_TOKEN / WECOM_CALLBACK_AES_KEY are not. */
export class CallbackNotConfiguredError extends Error {
  constructor() {
    super('WECOM_CALLBACK_TOKEN and WECOM_CALLBACK_AES_KEY are required to receive WeCom callbacks');
    this.name = 'CallbackNotConfiguredError';
  }
}

/**
 * The effective callback credentials: the configured corp in real mode,
 * the simulator corp otherwise. Throws CallbackNotConfiguredError when a real
 * corp is configured without a callback token/key (the receiver answers 503).
 */
export function callbackCredentials(
  config: Pick<AppConfig, 'WECOM_CORP_ID' | 'WECOM_CALLBACK_TOKEN' | 'WECOM_CALLBACK_AES_KEY'>,
): CallbackCredentials {
  if (!config.WECOM_CORP_ID) {
    return { corpId: SIMULATOR_CORP.corpId, token: SIMULATOR_CORP.callbackToken, aesKey: SIMULATOR_CORP.callbackAesKey };
  }
  if (!config.WECOM_CALLBACK_TOKEN || !config.WECOM_CALLBACK_AES_KEY) throw new CallbackNotConfiguredError();
  return { corpId: config.WECOM_CORP_ID, token: config.WECOM_CALLBACK_TOKEN, aesKey: config.WECOM_CALLBACK_AES_KEY };
}
