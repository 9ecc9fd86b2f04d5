import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import type { AppDeps } from '@server/context.ts';
import {
  wecomCallbackBadBody,
  wecomCallbackBadEvent,
  wecomCallbackBadSignature,
  wecomCallbackNotConfigured,
  wecomCallbackUndecryptable,
  wecomCallbackWrongCorp,
} from '@server/http/error-catalog.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { log } from '@server/logger.ts';
import { CallbackXmlError, parseEventXml, scanEnvelope } from '@server/wecom/callback-xml.ts';
import { CRYPTO_ERRORS, WecomCryptoError, decryptMessage, verifyUrl, type CallbackCryptoConfig } from '@server/wecom/crypto.ts';
import { CallbackNotConfiguredError, callbackCredentials } from '@server/wecom/simulator-corp.ts';
import { CALLBACK_PATH } from './body-limit.ts';
import { eventAdminRouter } from './event-admin.router.ts';
import { eventQuerySchema, verifyQuerySchema } from './wecom-callback.schema.ts';
import { storeCallbackEvent } from './wecom-callback.service.ts';

/**
 * WeCom 接收事件服务器 (wecom-api.md §9):
 * GET  /wecom/callback — URL verification: echo the decrypted echostr.
 * POST /wecom/callback — verify, decrypt, store the event (idempotent), answer
 * "success" at once; the `wecom.events` job (wecom-callback.jobs.ts) applies it.
 * The body is capped (body-limit.ts) and only the signed Encrypt is taken from it
 * before the signature is checked, so unsigned posts cost a scan, never a parse.
 * Also mounts the admin view of the stored queue (event-admin.router.ts).
 */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const logger = log('wecom', { component: 'callback' });

  const cryptoConfig = (): CallbackCryptoConfig => {
    try {
      const c = callbackCredentials(deps.config);
      return { token: c.token, aesKey: c.aesKey, receiveId: c.corpId };
    } catch (err) {
      if (err instanceof CallbackNotConfiguredError) {
        logger.error('callback received but WECOM_CALLBACK_TOKEN / WECOM_CALLBACK_AES_KEY are not configured');
        throw wecomCallbackNotConfigured();
      }
      throw err;
    }
  };

  /** Maps crypto failures onto the error vocabulary, with one log line each. */
  const rejectCrypto = (ctx: ParameterizedContext<AppState>, err: unknown): never => {
    if (!(err instanceof WecomCryptoError)) throw err;
    const where = { requestId: ctx.state.requestId, ip: ctx.ip, code: err.code };
    if (err.code === CRYPTO_ERRORS.validateSignature) {
      logger.warn(where, 'callback rejected: msg_signature does not match');
      throw wecomCallbackBadSignature();
    }
    if (err.code === CRYPTO_ERRORS.validateCorpId) {
      logger.warn(where, 'callback rejected: message is addressed to another corp');
      throw wecomCallbackWrongCorp();
    }
    if (err.code === CRYPTO_ERRORS.illegalAesKey) {
      logger.error(where, 'callback EncodingAESKey is invalid');
      throw wecomCallbackNotConfigured();
    }
    logger.warn(where, `callback rejected: cannot decrypt (${err.message})`);
    throw wecomCallbackUndecryptable();
  };

  router.get(CALLBACK_PATH, (ctx) => {
    const cfg = cryptoConfig();
    const q = parse(verifyQuerySchema, ctx.query);
    let plain: string;
    try {
      plain = verifyUrl(cfg, q);
    } catch (err) {
      return rejectCrypto(ctx, err);
    }
    logger.info({ requestId: ctx.state.requestId }, 'callback URL verified');
    // Exactly the plaintext: no quotes, no BOM, no newline.
    ctx.type = 'text/plain';
    ctx.body = plain;
  });

  router.post(CALLBACK_PATH, async (ctx) => {
    const cfg = cryptoConfig();
    const q = parse(eventQuerySchema, ctx.query);
    // The body is unauthenticated until the signature over Encrypt checks out: scanned, not parsed.
    const envelope = scanEnvelope(ctx.request.rawBody?.toString('utf8') ?? '');
    if (!envelope) {
      logger.warn({ requestId: ctx.state.requestId, ip: ctx.ip }, 'callback rejected: body has no base64 <Encrypt>');
      throw wecomCallbackBadBody();
    }
    let xml: string;
    try {
      xml = decryptMessage(cfg, q, envelope.encrypt);
    } catch (err) {
      return rejectCrypto(ctx, err);
    }
    // The receiveid inside the ciphertext is the authenticated corp check; the clear-text
    // ToUserName fields are only compared for the log.
    if (envelope.toUserName !== cfg.receiveId) {
      logger.warn({ requestId: ctx.state.requestId }, 'callback envelope ToUserName differs from the corp id (receiveid matched)');
    }
    let parsed;
    try {
      parsed = parseEventXml(xml);
    } catch (err) {
      if (!(err instanceof CallbackXmlError)) throw err;
      logger.warn({ requestId: ctx.state.requestId }, `callback rejected: decrypted ${err.message}`);
      throw wecomCallbackBadEvent();
    }
    const stored = await storeCallbackEvent(deps, xml, parsed);
    if (parsed.kind === 'unknown') {
      logger.info(
        { requestId: ctx.state.requestId, event: stored.event, changeType: stored.changeType },
        `callback kept as ignored: ${parsed.reason}`,
      );
    } else {
      logger.info(
        { requestId: ctx.state.requestId, event: stored.event, changeType: stored.changeType, duplicate: !stored.inserted },
        stored.inserted ? 'callback event queued' : 'callback event already stored (WeCom retry)',
      );
    }
    ctx.type = 'text/plain';
    ctx.body = 'success';
  });

  const adminRouter = eventAdminRouter(deps);
  router.use(adminRouter.routes(), adminRouter.allowedMethods());
  return router;
}
