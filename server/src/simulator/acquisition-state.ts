import { randomBytes } from 'node:crypto';
import type {
  AddJoinWayRequest,
  ContactWay,
  GroupWelcomeTemplateBody,
  SendWelcomeMsgRequest,
  WelcomeAttachment,
} from '@server/wecom/schemas-acquisition.ts';

/** WeCom's welcome code is usable for 20 s after the add event, once (wecom-api.md §5.12.7). */
export const WELCOME_CODE_TTL_MS = 20_000;
/** A temporary media_id lives 3 days (§5.18.1). */
export const MEDIA_TTL_MS = 3 * 24 * 3_600_000;

export interface SimContactWay extends ContactWay {
  createdAt: number;
  /** Round-robin position WeCom uses among a multi-member code's users (its own distribution). */
  next: number;
}

export interface SimWelcomeCode {
  userid: string;
  externalUserid: string;
  issuedAt: number;
  usedAt?: number;
}

/** What the simulated customer received through send_welcome_msg (tests assert the bytes that reached WeCom). */
export interface SentWelcome {
  userid: string;
  externalUserid: string;
  text?: string;
  attachments: WelcomeAttachment[];
  at: number;
}

export interface SimMedia {
  type: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
  createdAt: number;
}

export interface SimJoinWay extends Required<Pick<AddJoinWayRequest, 'scene'>> {
  config_id: string;
  remark?: string;
  auto_create_room: number;
  room_base_name?: string;
  room_base_id?: number;
  chat_id_list: string[];
  state?: string;
}

/**
 * The simulator's acquisition records: 「联系我」 configs, issued welcome codes
 * and what was sent with them, temporary media and uploadimg images, group
 * welcome templates and join ways. Time runs on `now()`, which tests move
 * forward (`advance`) instead of sleeping through the 20-second window.
 */
export class AcquisitionState {
  readonly contactWays = new Map<string, SimContactWay>();
  readonly welcomeCodes = new Map<string, SimWelcomeCode>();
  readonly sentWelcomes: SentWelcome[] = [];
  readonly media = new Map<string, SimMedia>();
  /** uploadimg: URL path key → image. */
  readonly images = new Map<string, SimMedia>();
  readonly groupWelcomeTemplates = new Map<string, GroupWelcomeTemplateBody>();
  readonly joinWays = new Map<string, SimJoinWay>();
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the simulator's acquisition clock forward (welcome-code and media expiry). */
  advance(ms: number): number {
    this.offsetMs += ms;
    return this.offsetMs;
  }

  /** A fresh 32-hex config id as in the samples. */
  newConfigId(): string {
    return randomBytes(16).toString('hex');
  }

  issueWelcomeCode(userid: string, externalUserid: string): string {
    const code = randomBytes(24).toString('base64url');
    this.welcomeCodes.set(code, { userid, externalUserid, issuedAt: this.now() });
    return code;
  }

  recordWelcome(code: SimWelcomeCode, req: SendWelcomeMsgRequest): void {
    this.sentWelcomes.push({
      userid: code.userid,
      externalUserid: code.externalUserid,
      ...(req.text ? { text: req.text.content } : {}),
      attachments: req.attachments ?? [],
      at: this.now(),
    });
    if (this.sentWelcomes.length > 5000) this.sentWelcomes.splice(0, this.sentWelcomes.length - 5000);
  }
}
