import type { SimState } from './state.ts';
import type { SwitchBoard } from './switches.ts';
import type { TokenStore } from './tokens.ts';

/** Identity of the simulated corp and its one self-built app (the sidebar app with 客户联系 access). */
export interface SimCorpCredentials {
  corpId: string;
  secret: string;
  agentId: number;
  callbackToken: string;
  /** 43-char EncodingAESKey. */
  callbackAesKey: string;
}

/** What the endpoint modules share. */
export interface SimContext {
  state: SimState;
  corp: SimCorpCredentials;
  tokens: TokenStore;
  switches: SwitchBoard;
  /** The simulator's clock in ms (group-send days, receive limits, message times); injectable for tests. */
  now(): number;
}
