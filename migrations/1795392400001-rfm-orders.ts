import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/**
 * RFM runs (how each tier recompute drew its cut points), next-best-action rules
 * as data, and the order lookups used by identity attachment.
 */
export class RfmOrders1795392400001 implements MigrationInterface {
  name = 'RfmOrders1795392400001';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'rfm_run',
      [
        c.id(),
        c.date('computed_at'),
        c.str('triggered_by', 16),
        // running | succeeded | failed: a crashed run never becomes the "latest" a manager or the incremental re-score reads.
        c.str('status', 16, false, 'running'),
        c.str('mode', 16),
        c.int('window_days'),
        c.int('churn_silence_days'),
        c.text('cut_points'),
        c.text('means'),
        c.text('segment_counts'),
        c.int('customer_count', false, 0),
        c.int('scored_count', false, 0),
        c.int('changed_count', false, 0),
        c.int('duration_ms', false, 0),
        c.createdAt(),
      ],
      [index('idx_rfm_run_status', ['status', 'id'])],
    );

    await createTable(
      qr,
      'nba_rule',
      [
        c.id(),
        c.str('code', 48),
        c.str('name', 64),
        c.int('priority', false, 0),
        c.bool('enabled'),
        c.text('rule_condition'),
        c.str('reason_template', 255),
        c.text('script_selector'),
        c.createdAt(),
        c.updatedAt(),
      ],
      [index('uq_nba_rule_code', ['code'], true)],
    );

    // Unmatched orders are attached later by each identity key.
    await qr.createIndex('orders', index('idx_orders_external_userid', ['external_userid']));
    await qr.createIndex('orders', index('idx_orders_unionid', ['unionid']));
    await qr.createIndex('orders', index('idx_orders_phone', ['phone']));
    await qr.createIndex('orders', index('idx_orders_member_no', ['member_no']));

    const rules: Array<[string, string, number, unknown, string, unknown]> = [
      [
        'welcome_new',
        '新好友破冰',
        100,
        {
          all: [
            { fact: 'hoursSinceAdded', op: 'lte', value: 24 },
            { fact: 'messagesOutSinceAdded', op: 'eq', value: 0 },
          ],
        },
        '{name}是 24 小时内新加的好友，还没有发过消息，先打个招呼破冰',
        { folders: ['新客欢迎', '欢迎语'], stages: ['aware'] },
      ],
      [
        'refund_care',
        '退款安抚',
        95,
        { all: [{ fact: 'daysSinceLastRefund', op: 'between', value: [0, 3] }] },
        '{name}最近 {daysSinceLastRefund} 天内有退款，了解原因并安抚',
        { folders: ['售后服务', '售后回访'] },
      ],
      [
        'churn_rescue',
        '流失预警召回',
        90,
        {
          any: [
            { fact: 'segment', op: 'in', value: ['at_risk_loyal', 'at_risk_low_value', 'win_back_high_value'] },
            { fact: 'lifecycleStage', op: 'eq', value: 'churn_risk' },
          ],
        },
        '{name}是「{segmentLabel}」，已经 {daysSinceLastContact} 天没有互动，适合主动关怀召回',
        { folders: ['召回关怀', '沉睡唤醒'], useCustomerTargeting: true },
      ],
      [
        'post_purchase',
        '购后回访',
        80,
        { all: [{ fact: 'paidOrderDaysAgo', op: 'between', value: [6, 8] }] },
        '{name}大约一周前下单，适合回访使用体验、推荐搭配',
        { folders: ['售后回访', '购后关怀'], stages: ['purchased', 'loyal'] },
      ],
      [
        'birthday',
        '生日关怀',
        70,
        { all: [{ fact: 'daysToBirthday', op: 'between', value: [0, 7] }] },
        '{name}的生日还有 {daysToBirthday} 天，提前送上祝福和专属礼遇',
        { folders: ['生日祝福', '节日关怀'] },
      ],
    ];
    for (const [code, name, priority, condition, reason, selector] of rules) {
      await qr.query(
        'INSERT INTO nba_rule (code, name, priority, enabled, rule_condition, reason_template, script_selector) VALUES (?, ?, ?, 1, ?, ?, ?)',
        [code, name, priority, JSON.stringify(condition), reason, JSON.stringify(selector)],
      );
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const name of ['idx_orders_member_no', 'idx_orders_phone', 'idx_orders_unionid', 'idx_orders_external_userid']) {
      await qr.dropIndex('orders', name);
    }
    await qr.dropTable('nba_rule');
    await qr.dropTable('rfm_run');
  }
}
