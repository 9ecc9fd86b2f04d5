import { customerSalutation } from '@shared/customers/names.ts';
import { shanghaiDay } from '@shared/time.ts';
import { HOLIDAYS, holidayOn, type Holiday } from './holidays.ts';
import { renderScriptBody } from './message.ts';
import type { ScriptVars } from './render.ts';
import type { ScriptBody } from './content.ts';

/**
 * The one place script variables get their values (pure). {客户称呼} is the salutation the guide
 * set, else the WeChat name: the remark is accepted here only to make plain that it is never used,
 * because guides keep private notes in it ("黄姐 金卡 眼霜控").
 */
export interface ScriptVarsInput {
  guide: { name: string; store: string | null };
  now: Date;
  customer?: { name: string; salutation: string | null; remark?: string | null };
  group?: { name: string };
  holidays?: readonly Holiday[];
}

/** '11月23日' for the Asia/Shanghai day of `now`. */
export function todayLabel(now: Date): string {
  const [, m, d] = shanghaiDay(now).split('-');
  return `${Number(m)}月${Number(d)}日`;
}

export function scriptVarsFor(input: ScriptVarsInput): ScriptVars {
  const vars: ScriptVars = {
    导购姓名: input.guide.name,
    门店: input.guide.store,
    今天: todayLabel(input.now),
    节日: holidayOn(shanghaiDay(input.now), input.holidays ?? HOLIDAYS),
  };
  if (input.customer) {
    vars.客户称呼 = customerSalutation(input.customer);
    vars.客户昵称 = input.customer.name;
  }
  if (input.group) vars.群名称 = input.group.name;
  return vars;
}

/** A script body as the customer will receive it. */
export function renderForChat(body: ScriptBody, input: ScriptVarsInput): ScriptBody {
  return renderScriptBody(body, scriptVarsFor(input));
}
