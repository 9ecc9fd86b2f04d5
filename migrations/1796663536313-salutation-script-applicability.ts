import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { c } from './lib/schema.ts';

type RuleText = { code: string; condition: unknown; reason: string };

/** The rules as the rfm-orders migration wrote them (restored by down). */
const BEFORE: RuleText[] = [
  {
    code: 'refund_care',
    condition: { all: [{ fact: 'daysSinceLastRefund', op: 'between', value: [0, 3] }] },
    reason: '{name}最近 {daysSinceLastRefund} 天内有退款，了解原因并安抚',
  },
  {
    code: 'churn_rescue',
    condition: {
      any: [
        { fact: 'segment', op: 'in', value: ['at_risk_loyal', 'at_risk_low_value', 'win_back_high_value'] },
        { fact: 'lifecycleStage', op: 'eq', value: 'churn_risk' },
      ],
    },
    reason: '{name}是「{segmentLabel}」，已经 {daysSinceLastContact} 天没有互动，适合主动关怀召回',
  },
  {
    code: 'birthday',
    condition: { all: [{ fact: 'daysToBirthday', op: 'between', value: [0, 7] }] },
    reason: '{name}的生日还有 {daysToBirthday} 天，提前送上祝福和专属礼遇',
  },
];

/**
 * Churn rescue only for customers nobody has contacted for two weeks (a chat 15 hours ago is not
 * churn), and reasons worded from the shared facts (no "0 天").
 */
const AFTER: RuleText[] = [
  {
    code: 'refund_care',
    condition: { all: [{ fact: 'daysSinceLastRefund', op: 'between', value: [0, 3] }] },
    reason: '{name}{refundWhen}有一笔退款，先了解原因并安抚',
  },
  {
    code: 'churn_rescue',
    condition: {
      all: [
        {
          any: [
            { fact: 'segment', op: 'in', value: ['at_risk_loyal', 'at_risk_low_value', 'win_back_high_value'] },
            { fact: 'lifecycleStage', op: 'eq', value: 'churn_risk' },
          ],
        },
        { fact: 'daysSinceLastContact', op: 'gte', value: 14 },
      ],
    },
    reason: '{name}是「{segmentLabel}」，{lastContactText}，适合主动关怀召回',
  },
  {
    code: 'birthday',
    condition: { all: [{ fact: 'daysToBirthday', op: 'between', value: [0, 7] }] },
    reason: '{name}的生日{birthdayIn}，提前送上祝福和专属礼遇',
  },
];

/**
 * What a guide sends must be right: the 称呼 a guide sets per follow relation (never the remark),
 * scripts that know when they apply (validity window and conditions as data), and next-action rules
 * that stop once their action is done (done_for_days).
 */
export class SalutationScriptApplicability1796663536313 implements MigrationInterface {
  name = 'SalutationScriptApplicability1796663536313';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('customer_follow', new TableColumn(c.str('salutation', 32, true)));
    await qr.addColumns('script', [
      new TableColumn(c.str('valid_from', 10, true)),
      new TableColumn(c.str('valid_to', 10, true)),
      new TableColumn(c.text('conditions', true)),
    ]);
    await qr.addColumn('nba_rule', new TableColumn(c.int('done_for_days', false, 7)));
    await writeRules(qr, AFTER);
  }

  async down(qr: QueryRunner): Promise<void> {
    await writeRules(qr, BEFORE);
    await qr.dropColumn('nba_rule', 'done_for_days');
    await qr.dropColumns('script', ['conditions', 'valid_to', 'valid_from']);
    await qr.dropColumn('customer_follow', 'salutation');
  }
}

async function writeRules(qr: QueryRunner, rules: RuleText[]): Promise<void> {
  for (const r of rules) {
    await qr.query('UPDATE nba_rule SET rule_condition = ?, reason_template = ? WHERE code = ?', [
      JSON.stringify(r.condition),
      r.reason,
      r.code,
    ]);
  }
}
